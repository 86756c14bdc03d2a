"""``itsmkit frameworks`` and the ``addresses-unknown`` validation rule."""

from __future__ import annotations

import json

from tests.frameworks_fixtures import POLICY
from typer.testing import CliRunner

from itsmkit.catalogue import RULES
from itsmkit.cli.app import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_frameworks_lists_every_catalog() -> None:
    code, out = invoke("frameworks", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "itsmkit/frameworks"
    by_key = {c["framework"]: c for c in data["catalogs"]}
    assert by_key["etom"]["items"] == 197
    assert by_key["bs15000-1:2002"]["near_identical_to"] == "iso20000-1:2005"


def test_show_item_with_parents_children_and_mappings() -> None:
    code, out = invoke("frameworks", "show", "iso20000-1:2018", "8.3.4", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["parents"] == ["8.3", "8"]
    assert data["children"] == ["8.3.4.1", "8.3.4.2"]
    targets = {(m["framework"], m["item"], m["relation"]) for m in data["mappings"]}
    assert ("iso20000-1:2011", "7.2", "superset") in targets
    assert ("itil:4", "ITIL4-GEN-13", "subset") in targets
    assert data["item"]["confidence"] == "S"


def test_show_dp_activity_gives_its_alias_and_text_output() -> None:
    code, out = invoke("frameworks", "show", "dp:itsm", "ITSM-REL.1.1")
    assert code == 0
    assert "iso20000-1:2005/7.2" in out and "ITSM-REL.1.1.1" in out


def test_show_whole_framework_as_markdown() -> None:
    code, out = invoke("frameworks", "show", "itil:4", "--format", "md")
    assert code == 0
    assert "| ITIL4-SVC-15 | practice | Service level management | ITIL4-SVC | S~ |" in out


def test_show_unknown_item_suggests() -> None:
    code, out = invoke("frameworks", "show", "iso20000-1:2018", "8.3.9")
    assert code == 2
    assert "'8.3.9' is not an item of iso20000-1:2018" in out and "8.3.4" in out


def test_addresses_rule_is_catalogued() -> None:
    assert RULES["addresses-unknown"].severity.value == "error"


def test_validate_rejects_unknown_addresses_with_file_and_line(make_repo) -> None:
    policy = (
        POLICY
        + "addresses:\n  - iso20000-1:2018/5.2\n  - iso20000-1:2018/8.3.9\n"
        + "  - etom/1.A.1.7\n  - iso20000-1:2019/5.2\n"
    )
    root = make_repo({"pol.yaml": policy})
    code, out = invoke("validate", str(root), "--format", "json")
    assert code == 1
    issues = [i for i in json.loads(out)["issues"] if i["file"] == "pol.yaml"]
    found = [
        (i["code"], i["line"], i["message"]) for i in issues if i["code"] == "addresses-unknown"
    ]
    assert found == [
        ("addresses-unknown", 15, "'iso20000-1:2018/8.3.9': no item '8.3.9' in iso20000-1:2018"),
        (
            "addresses-unknown",
            17,
            "'iso20000-1:2019/5.2' names unknown framework 'iso20000-1:2019'",
        ),
    ]


def test_valid_addresses_are_clean(make_repo) -> None:
    policy = POLICY + "addresses: [iso20000-1:2018/5.2, iso20000-1:2005/3.1, etom/1.A.1.7]\n"
    code, out = invoke("validate", str(make_repo({"pol.yaml": policy})))
    assert code == 0, out


def test_every_new_command_and_option_has_help() -> None:
    for args in (["frameworks"], ["frameworks", "show"], ["trace"], ["checklist"]):
        code, out = invoke(*args, "--help")
        assert code == 0
        assert "Show this message" in out
        for line in out.splitlines():
            stripped = line.strip()
            if stripped.startswith("--") and "  " not in stripped:
                raise AssertionError(f"option without help: {stripped}")
