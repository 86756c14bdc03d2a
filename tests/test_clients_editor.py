"""Editors: the real yaml-language-server, over stdio, on a scaffolded company.

What an editor shows is what the server publishes: no diagnostics for the starter files
as scaffolded (their modelines resolve offline, to ``.itsmkit/schemas``), and one for a
key the schema does not know, found through the modeline or through the
``.vscode/settings.json`` mapping for a new file without one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.realclients import LanguageServer, node_package

from itsmkit.editors import SCHEMA_DIR, VSCODE_SETTINGS
from itsmkit.scaffold import make_options, scaffold

# The server's own settings as VS Code sends them; the schema store is off so that
# nothing is fetched: every schema must come from the repository.
BASE_SETTINGS: dict[str, Any] = {
    "yaml": {"validate": True, "schemaStore": {"enable": False}, "format": {"enable": False}}
}


@pytest.fixture(scope="module", params=["en", "fr"])
def company(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    root = tmp_path_factory.mktemp("editor") / "acme"
    options = make_options(organisation="Acme", language=request.param, standard="iso20000-1:2018")
    scaffold(root, options, git=False)
    return root


def _server(root: Path, settings: dict[str, Any]) -> Iterator[LanguageServer]:
    package = node_package("yaml-language-server")
    server = LanguageServer(
        ["node", str(package / "bin" / "yaml-language-server"), "--stdio"], root
    )
    try:
        server.start(settings)
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def server(company: Path) -> Iterator[LanguageServer]:
    yield from _server(company, BASE_SETTINGS)


def _messages(diagnostics: list[dict[str, Any]]) -> list[str]:
    return [d["message"] for d in diagnostics]


def test_every_scaffolded_file_is_clean_in_the_editor(
    company: Path, server: LanguageServer
) -> None:
    files = [*sorted(company.glob("[!.]*/**/*.yaml")), company / "itsmkit.yaml"]
    assert len(files) > 40
    unclean = {}
    for path in files:
        found = server.diagnose(path)
        if found:
            unclean[path.relative_to(company).as_posix()] = _messages(found)
    assert unclean == {}


@pytest.mark.parametrize(
    "rel", ["agreements/sla.yaml", "itsmkit.yaml", "organisation/people/director.yaml"]
)
def test_a_wrong_key_gets_a_diagnostic_through_the_modeline(
    company: Path, server: LanguageServer, rel: str
) -> None:
    path = company / rel
    text = path.read_text(encoding="utf-8")
    broken = path.with_name("broken-" + path.name)
    broken.write_text(text + "colour_of_the_day: blue\n", encoding="utf-8")
    try:
        found = server.diagnose(broken)
    finally:
        broken.unlink()
    lines = text.count("\n")
    assert [(d["range"]["start"]["line"], d["message"]) for d in found] == [
        (lines, "Property colour_of_the_day is not allowed.")
    ]


def test_a_new_file_without_modeline_is_checked_through_the_vscode_mapping(
    company: Path,
) -> None:
    # VS Code sends the workspace's .vscode/settings.json as yaml.schemas; paths in it are
    # relative to the workspace folder, which the server resolves against rootUri.
    vscode = json.loads((company / VSCODE_SETTINGS).read_text(encoding="utf-8"))
    settings = {"yaml": {**BASE_SETTINGS["yaml"], "schemas": vscode["yaml.schemas"]}}
    new = company / "records" / "incidents" / "inc-1.yaml"
    new.parent.mkdir(parents=True, exist_ok=True)
    new.write_text(
        "kind: incident\nschema_version: 1\nid: INC-1\ncolour_of_the_day: blue\n", encoding="utf-8"
    )
    try:
        for server in _server(company, settings):
            messages = _messages(server.diagnose(new))
    finally:
        new.unlink()
    assert "Property colour_of_the_day is not allowed." in messages
    assert (company / SCHEMA_DIR / "incident.schema.json").is_file()


def test_a_modeline_that_does_not_resolve_is_flagged(company: Path, server: LanguageServer) -> None:
    # The check above can fail: a modeline one folder off is what an editor shows.
    sla = company / "agreements" / "sla.yaml"
    moved = company / "agreements" / "moved-sla.yaml"
    moved.write_text(
        sla.read_text(encoding="utf-8").replace("../.itsmkit/", "../../.itsmkit/", 1),
        encoding="utf-8",
    )
    try:
        messages = _messages(server.diagnose(moved))
    finally:
        moved.unlink()
    assert len(messages) == 1
    assert messages[0].startswith("Unable to load schema from ")
