"""Docs that cannot drift: rule catalogue, CLI reference, help text, README.

When a test here fails after a deliberate change, regenerate the docs:
``itsmkit rules --format md > docs/rules.md`` and
``python -m itsmkit.cli.reference --write docs/cli.md``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer._click import Command
from typer.core import TyperGroup
from typer.testing import CliRunner

from itsmkit import catalogue
from itsmkit.catalogue import RULES
from itsmkit.cli.app import app
from itsmkit.cli.reference import cli_reference
from itsmkit.cli.reference import main as reference_main
from itsmkit.report.rules import rules_markdown

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "itsmkit"
DOCS = REPO / "docs"

runner = CliRunner()


# Rule catalogue ------------------------------------------------------------------------


def test_rules_md_is_generated() -> None:
    result = runner.invoke(app, ["rules", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert result.stdout == rules_markdown()
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is out of date: run `itsmkit rules --format md > docs/rules.md`"
    )


def test_rules_md_lists_every_rule_once() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.MULTILINE)
    assert listed == list(RULES)


def test_catalogue_codes_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in catalogue._RULES]
    assert len(codes) == len(set(codes)), "a code is declared twice; the dict keeps only one"
    for rule in RULES.values():
        assert re.fullmatch(r"[a-z]+(?:-[a-z0-9]+)*", rule.code), rule.code
        assert rule.checks.strip(), rule.code
        assert rule.fix.strip(), rule.code
        assert rule.group.strip(), rule.code


def _imports(tree: ast.Module, module: str, name: str) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == module
        and any(alias.name == name for alias in node.names)
        for node in ast.walk(tree)
    )


def _code_arg(node: ast.Call) -> ast.expr | None:
    arg = node.args[0] if node.args else None
    return next((k.value for k in node.keywords if k.arg == "code"), arg)


def _called(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _wrappers(tree: ast.Module, builders: set[str]) -> set[str]:
    """Local helpers such as ``_issue(code, ...)`` that pass their first argument on."""
    found = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef) or not fn.args.args:
            continue
        first = fn.args.args[0].arg
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and _called(node) in builders:
                arg = _code_arg(node)
                if isinstance(arg, ast.Name) and arg.id == first:
                    found.add(fn.name)
    return found


def _literal_codes(path: Path) -> Iterator[tuple[str, str]]:
    """(code, where) for rule codes written literally in one module.

    Counted: the first argument (or ``code=``) of ``make(...)`` in modules that import
    it from the catalogue, of ``ReadProblem(...)`` in modules that build reader problems, of
    local helpers that pass their first argument on to those, and ``code = "..."``
    assignments in those modules (the reader picks codes that way).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    builders = set()
    if _imports(tree, "itsmkit.catalogue", "make") or path.name == "catalogue.py":
        builders.add("make")
    if _imports(tree, "itsmkit.repo.yamlread", "ReadProblem") or path.name == "yamlread.py":
        builders.add("ReadProblem")
    if not builders:
        return
    builders |= _wrappers(tree, builders)
    rel = path.relative_to(REPO).as_posix()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if _called(node) not in builders:
                continue
            arg = _code_arg(node)
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield arg.value, f"{rel}:{node.lineno}"
        elif (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            yield node.value.value, f"{rel}:{node.lineno}"


def _codes_in_source() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for code, where in _literal_codes(path):
            used.setdefault(code, []).append(where)
    return used


def test_the_code_scanner_finds_known_call_sites() -> None:
    # Guards the scanner itself: it must see make(...) and ReadProblem(...) calls and the
    # reader's `code = ...` assignments, or the two tests below would pass vacuously.
    used = _codes_in_source()
    assert any("repo/loader.py" in w for w in used["kind-unknown"])
    assert any("repo/yamlread.py" in w for w in used["yaml-encoding"])
    assert any("repo/yamlread.py" in w for w in used["yaml-multi-document"])
    assert any("repo/files.py" in w for w in used["path-symlink-loop"])


def test_every_code_the_library_emits_is_catalogued() -> None:
    missing = {code: where for code, where in _codes_in_source().items() if code not in RULES}
    assert missing == {}, "add these codes to src/itsmkit/catalogue.py"


def test_every_catalogued_code_is_emitted_somewhere() -> None:
    used = _codes_in_source()
    unused = [code for code in RULES if code not in used]
    assert unused == [], "these catalogued rules are never emitted: remove or implement them"


# CLI reference and help text -------------------------------------------------------------


def _commands() -> Iterator[tuple[str, Command]]:
    """(command path, command) for the root group and every command below it."""

    def visit(command: Command, path: str) -> Iterator[tuple[str, Command]]:
        yield path, command
        if isinstance(command, TyperGroup):
            for name, sub in command.commands.items():
                yield from visit(sub, f"{path} {name}")

    yield from visit(typer.main.get_command(app), "itsmkit")


COMMANDS = list(_commands())


def test_the_app_has_the_core_commands() -> None:
    names = {path for path, _ in COMMANDS}
    assert {"itsmkit validate", "itsmkit init", "itsmkit schema", "itsmkit rules"} <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_and_parameter_has_help(path: str, command: Command) -> None:
    assert (command.help or "").strip(), f"{path} has no help text (give it a docstring)"
    for param in command.params:
        text = getattr(param, "help", None) or ""
        assert text.strip(), f"{path}: {param.param_type_name} {param.name!r} has no help"


def test_cli_md_is_generated() -> None:
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is out of date: run `python -m itsmkit.cli.reference --write docs/cli.md`"
    )


@pytest.mark.parametrize("path", [p for p, c in COMMANDS if not c.hidden])
def test_every_command_is_in_cli_md(path: str) -> None:
    assert f"## `{path}`" in (DOCS / "cli.md").read_text(encoding="utf-8")


def test_cli_reference_shows_every_option() -> None:
    text = cli_reference()
    for _, command in COMMANDS:
        for param in command.params:
            if param.param_type_name == "option" and not getattr(param, "hidden", False):
                assert any(f"`{opt}" in text or f", {opt}" in text for opt in param.opts), (
                    f"{param.opts} missing from the reference"
                )


def test_cli_reference_works_for_any_app() -> None:
    other = typer.Typer(rich_markup_mode=None)

    @other.command()
    def hello(name: str = typer.Option("world", help="Who to greet.")) -> None:
        """Say hello."""

    sub = typer.Typer(help="Things in a group.")

    @sub.command("list")
    def list_things(all_: bool = typer.Option(False, "--all", help="Include hidden.")) -> None:
        """List the things."""

    other.add_typer(sub, name="things")
    text = cli_reference(other)
    assert "## `itsmkit hello`" in text
    assert "## `itsmkit things list`" in text
    assert "| `--name <str>` | Who to greet. [default: world] |" in text
    assert "| `--all` | Include hidden. |" in text
    assert "| [`list`](#itsmkit-things-list) | List the things. |" in text


def test_reference_write_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cli.md"
    assert reference_main(["--check", str(target)]) == 1
    assert reference_main(["--write", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == cli_reference()
    assert reference_main(["--check", str(target)]) == 0
    target.write_text("stale\n", encoding="utf-8")
    assert reference_main(["--check", str(target)]) == 1
    assert "out of date" in capsys.readouterr().err


# README ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["itsmkit init", "itsmkit validate"])
def test_readme_mentions_the_first_commands(command: str) -> None:
    assert command in (REPO / "README.md").read_text(encoding="utf-8")
