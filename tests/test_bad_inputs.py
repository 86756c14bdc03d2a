"""Named bad inputs: each one gives exactly the issue a user needs, never a traceback.

Every case builds a small valid repository (configuration plus one person), adds one bad
file and runs ``itsmkit validate --format json`` in-process; the hostile cases also run
as a real subprocess, where a crash in C code would show as a signal exit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import build_file_tree
from typer.testing import CliRunner

from itsmkit.cli.app import app

runner = CliRunner()

CONFIG = "organisation: Acme\nscope: Hosting for small businesses.\n"
PERSON = "kind: person\nid: P-A\nschema_version: 1\nname: A\n"
ROLE = "kind: role\nid: R-SM\nschema_version: 1\ncode: SM\nname: Service manager\n"

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def build(root: Path, files: dict[str, str | bytes], *, config: str | None = CONFIG) -> Path:
    """A repository under ``root``: configuration, one person, then ``files``."""
    tree: dict[str, str | bytes] = {"people/a.yaml": PERSON}
    if config is not None:
        tree["itsmkit.yaml"] = config
    tree.update(files)
    return build_file_tree(root, tree)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.stdout)
        return data

    @property
    def issues(self) -> list[dict[str, Any]]:
        issues: list[dict[str, Any]] = self.report["issues"]
        return issues

    def only(self) -> dict[str, Any]:
        """The one issue this case must produce."""
        assert len(self.issues) == 1, self.issues
        return self.issues[0]


def no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text
        assert "internal error" not in text


def validate(root: Path) -> Run:
    result = runner.invoke(app, ["validate", str(root), "--format", "json"])
    no_traceback(result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def validate_process(root: Path) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "itsmkit", "validate", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    no_traceback(done.stdout, done.stderr)
    assert done.returncode >= 0, f"killed by signal {-done.returncode}"
    return Run(done.returncode, done.stdout, done.stderr)


@dataclass(frozen=True)
class Case:
    """One bad file and the issue it must give."""

    name: str
    content: str | bytes
    code: str
    line: int
    column: int
    message: str | None = None
    hint: str | None = None
    file: str = "bad.yaml"


CASES = [
    Case(
        "syntax-error",
        "kind: person\nid: P-B\nschema_version: 1\nname: Bob: the builder\n",
        "yaml-syntax",
        4,
        10,
        "mapping values are not allowed in this context",
        "A value containing ': ' must be quoted.",
    ),
    Case(
        "unclosed-quote",
        'kind: person\nid: P-B\nschema_version: 1\nname: "Bob\n',
        "yaml-syntax",
        5,
        1,
    ),
    Case(
        "tab-indentation",
        "kind: person\nid: P-B\nschema_version: 1\nname: B\ntags:\n\t- x\n",
        "yaml-syntax",
        6,
        1,
        "tab character where YAML expects spaces",
        "YAML indentation must use spaces, not tabs.",
    ),
    Case(
        "duplicate-key",
        "kind: person\nid: P-B\nschema_version: 1\nname: B\nname: C\n",
        "yaml-duplicate-key",
        5,
        1,
        "duplicate key 'name' (first defined at line 4); the later value would silently win",
    ),
    Case(
        "wrong-type",
        "kind: person\nid: P-B\nschema_version: 1\nname: B\nactive: maybe\n",
        "schema-value",
        5,
        9,
        "active: expected true or false, got maybe",
    ),
    Case(
        "number-for-text",
        "kind: person\nid: P-B\nschema_version: 1\nname: 42\n",
        "schema-value",
        4,
        7,
        "name: expected text, got 42",
        'Quote the value so YAML reads it as text: name: "42".',
    ),
    Case(
        "unknown-kind",
        "kind: persn\nid: P-B\nschema_version: 1\nname: B\n",
        "kind-unknown",
        1,
        1,
        "unknown kind 'persn'",
        "Did you mean 'person'?",
    ),
    Case(
        "missing-kind",
        "id: P-B\nschema_version: 1\nname: B\n",
        "kind-missing",
        1,
        1,
        "no 'kind' key: every artefact declares its kind",
    ),
    Case(
        "non-utf8",
        b"kind: person\nid: P-B\nschema_version: 1\nname: Caf\xe9\n",
        "yaml-encoding",
        4,
        10,
        "not valid UTF-8: byte 0xe9 cannot be decoded",
    ),
    Case(
        "empty-file",
        "",
        "yaml-empty",
        1,
        1,
        "file is empty: an artefact needs at least kind, id and schema_version",
    ),
    Case("comments-only", "# nothing yet\n", "yaml-empty", 1, 1),
    Case(
        "alias-bomb",
        BILLION_LAUGHS,
        "yaml-alias-limit",
        1,
        1,
        "aliases expand to more than 200,000 nodes",
        "Write values out instead of nesting anchors and aliases.",
    ),
    Case(
        "recursive-alias",
        "kind: person\nid: P-B\nschema_version: 1\nname: &n [*n]\n",
        "yaml-alias-limit",
        1,
        1,
        "an alias refers to the anchor that contains it (endless expansion)",
    ),
    Case(
        "deep-flow-nesting",
        "[" * 100_000,
        "yaml-too-deep",
        1,
        65,
        "nesting deeper than 64 levels",
    ),
    Case(
        "deep-closed-nesting",
        "[" * 200 + "]" * 200,
        "yaml-too-deep",
        1,
        65,
        "nesting deeper than 64 levels",
    ),
    Case(
        "deep-block-nesting",
        "- " * 100 + "x\n",
        "yaml-too-deep",
        1,
        129,
        "nesting deeper than 64 levels",
    ),
    Case(
        "multi-document",
        "kind: person\nid: P-B\nschema_version: 1\nname: B\n---\nkind: person\n",
        "yaml-multi-document",
        5,
        1,
        "a second YAML document starts here: a file holds one document",
    ),
    Case(
        "python-tag",
        "kind: person\nid: P-B\nschema_version: 1\nname: !!python/object/apply:os.system [ls]\n",
        "yaml-tag",
        4,
        7,
        "tag !!python/object/apply:os.system is not allowed: artefacts hold plain values only",
    ),
    Case(
        "bad-explicit-int",
        "kind: person\nid: P-B\nschema_version: !!int one\nname: B\n",
        "yaml-syntax",
        3,
        17,
        "cannot read 'one' as int: invalid literal for int() with base 10",
    ),
    Case(
        "integer-too-long",
        "kind: person\nid: P-B\nschema_version: " + "9" * 5000 + "\nname: B\n",
        "yaml-syntax",
        3,
        17,
    ),
    Case(
        "top-level-list",
        "- kind: person\n  id: P-B\n",
        "yaml-not-mapping",
        1,
        1,
        "the top level must be a mapping of keys",
    ),
    Case(
        "top-level-scalar",
        "just some words\n",
        "yaml-not-mapping",
        1,
        1,
    ),
    Case(
        "unknown-key",
        "kind: person\nid: P-B\nschema_version: 1\nname: B\nemial: b@example.org\n",
        "schema-unknown-key",
        5,
        1,
        "unknown key 'emial' in Person",
        "Did you mean 'email'?",
    ),
    Case(
        "missing-required-key",
        "kind: person\nid: P-B\nschema_version: 1\n",
        "schema-missing-key",
        1,
        1,
        "missing required key 'name' in Person",
        "Add `name:`.",
    ),
    Case(
        "bad-id",
        "kind: person\nid: 1-B\nschema_version: 1\nname: B\n",
        "id-format",
        2,
        5,
        "id '1-B' is not a valid id",
    ),
    Case(
        "unsupported-schema-version",
        "kind: person\nid: P-B\nschema_version: 2\nname: B\n",
        "schema-version",
        3,
        17,
        "schema_version 2 is not supported (this itsmkit reads 1)",
    ),
    Case(
        "bad-reference",
        "kind: person\nid: P-B\nschema_version: 1\nname: B\nroles:\n  - R-NOPE\n",
        "ref-unknown",
        6,
        5,
        "roles refers to unknown role 'R-NOPE'",
    ),
    Case(
        "reference-to-wrong-kind",
        "kind: person\nid: P-B\nschema_version: 1\nname: B\nroles: [P-A]\n",
        "ref-kind",
        5,
        9,
        "'P-A' is a person, expected a role",
    ),
    Case(
        "duplicate-id",
        "kind: person\nid: P-A\nschema_version: 1\nname: Another A\n",
        "id-duplicate",
        2,
        1,
        "id 'P-A' is also used by the person in people/a.yaml",
        file="zz.yaml",  # files are read in order: the later one gets the issue
    ),
    Case(
        "batch-of-unbatchable-kind",
        "kind: batch\nof: person\nschema_version: 1\nitems: []\n",
        "batch-kind",
        2,
        1,
    ),
    Case(
        "batch-item-error",
        "kind: batch\nof: incident\nschema_version: 1\nitems:\n  - 42\n",
        "yaml-not-mapping",
        5,
        5,
        "batch item 0 is not a mapping",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_file_gives_one_located_issue(tmp_path: Path, case: Case) -> None:
    root = build(tmp_path, {case.file: case.content})
    run = validate(root)
    assert run.code == 1, run.stdout
    issue = run.only()
    assert (issue["code"], issue["file"], issue["line"], issue["column"]) == (
        case.code,
        case.file,
        case.line,
        case.column,
    ), issue
    assert issue["severity"] == "error"
    if case.message is not None:
        assert issue["message"] == case.message
    if case.hint is not None:
        assert issue["hint"] == case.hint
    # The good artefact beside the bad file is still loaded.
    assert run.report["summary"]["kinds"].get("person", 0) >= 1


def test_bom_is_accepted(tmp_path: Path) -> None:
    root = build(tmp_path, {"b.yaml": b"\xef\xbb\xbf" + PERSON.replace("P-A", "P-B").encode()})
    run = validate(root)
    assert run.code == 0, run.stdout
    assert run.issues == []
    assert run.report["summary"]["artefacts"] == 2


def test_bom_does_not_shift_columns(tmp_path: Path) -> None:
    bad = b"\xef\xbb\xbfkind: person\nid: P-B\nschema_version: 1\nname: B\nemial: x\n"
    issue = validate(build(tmp_path, {"b.yaml": bad})).only()
    assert (issue["code"], issue["line"], issue["column"]) == ("schema-unknown-key", 5, 1)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    config = CONFIG + "limits: {max_file_bytes: 2048}\n"
    big = PERSON.replace("P-A", "P-B") + "notes: " + "x" * 3000 + "\n"
    root = build(tmp_path, {"big.yaml": big}, config=config)
    run = validate(root)
    assert run.code == 1
    issue = run.only()
    assert (issue["code"], issue["file"], issue["line"], issue["column"]) == (
        "yaml-too-large",
        "big.yaml",
        1,
        1,
    )
    assert issue["message"] == f"file is {len(big):,} bytes, over the limit of 2,048"


def test_symlink_loop_is_reported_not_followed(tmp_path: Path) -> None:
    root = build(tmp_path, {})
    (root / "sub").mkdir()
    (root / "sub" / "loop").symlink_to("..", target_is_directory=True)
    run = validate(root)
    assert run.code == 1
    issue = run.only()
    assert (issue["code"], issue["file"], issue["line"], issue["column"]) == (
        "path-symlink-loop",
        "sub/loop",
        1,
        1,
    )
    assert issue["message"] == (
        "symbolic link points back to a folder that contains it; not followed"
    )
    assert run.report["summary"]["artefacts"] == 1  # P-A once, not once per loop turn


@pytest.mark.parametrize("target", ["file", "folder", "etc-hostname"])
def test_symlink_leaving_the_repository(tmp_path: Path, target: str) -> None:
    root = build(tmp_path / "repo", {})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("kind: nope\n", encoding="utf-8")
    if target == "file":
        dest = outside / "secret.yaml"
    elif target == "folder":
        dest = outside
    else:
        dest = Path("/etc/hostname")
        if not dest.exists():
            pytest.skip("no /etc/hostname here")
    (root / "link.yaml").symlink_to(dest)
    run = validate(root)
    assert run.code == 1
    issue = run.only()  # and nothing from the file behind the link
    assert (issue["code"], issue["file"], issue["line"], issue["column"]) == (
        "path-symlink-outside",
        "link.yaml",
        1,
        1,
    )
    assert issue["message"] == (
        f"symbolic link leads outside the repository (to {dest.resolve()}); not followed"
    )


@pytest.mark.parametrize("link", ["alias", "zz-alias"])
def test_link_to_a_folder_inside_is_walked_once_by_its_real_path(tmp_path: Path, link: str) -> None:
    root = build(tmp_path, {"shared/r.yaml": ROLE, "shared/bad.yaml": "kind: persn\n"})
    (root / link).symlink_to(root / "shared", target_is_directory=True)
    run = validate(root)
    assert run.report["summary"]["kinds"] == {"person": 1, "role": 1}
    assert [(i["code"], i["file"]) for i in run.issues] == [("kind-unknown", "shared/bad.yaml")]


@pytest.mark.parametrize("target", [".github", "node_modules", "drafts"])
def test_link_cannot_bring_back_a_skipped_folder(tmp_path: Path, target: str) -> None:
    config = CONFIG + "exclude: [drafts]\n"
    root = build(tmp_path, {f"{target}/bad.yaml": "kind: persn\n"}, config=config)
    (root / "linked").symlink_to(root / target, target_is_directory=True)
    run = validate(root)
    assert run.code == 0, run.issues
    assert run.report["summary"]["files"] == 1


def test_python_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    bad = (
        "kind: person\nid: P-B\nschema_version: 1\n"
        f"name: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    root = build(tmp_path / "repo", {"bad.yaml": bad})
    issue = validate(root).only()
    assert issue["code"] == "yaml-tag"
    assert issue["hint"] == (
        "Remove the tag and write a plain value (tags such as !!python/object are refused)."
    )
    assert not marker.exists()


def test_no_configuration_is_a_usage_error(tmp_path: Path) -> None:
    root = build(tmp_path / "norepo", {}, config=None)
    result = runner.invoke(app, ["validate", str(root), "--format", "json"])
    assert result.exit_code == 2
    # JSON was asked for: the error comes as the error envelope (tests/test_errors_contract.py).
    assert json.loads(result.stdout)["error"]["code"] == "repository-not-found"
    no_traceback(result.stdout, result.stderr)
    assert result.stderr.splitlines() == [
        f"itsmkit: error: {root.resolve()}: no itsmkit.yaml here or in any parent folder",
        "  hint: Point itsmkit at a folder holding itsmkit.yaml, "
        "or create one with `itsmkit init`.",
    ]


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert f"itsmkit: error: {tmp_path / 'nowhere'}: no such folder" in result.stderr
    no_traceback(result.stdout, result.stderr)


@pytest.mark.parametrize(
    ("config", "line", "column", "message"),
    [
        (CONFIG + "language: de\n", 3, 11, None),  # the wrong value, not its key
        (CONFIG + "colour: blue\n", 3, 1, "unknown key 'colour' in Config"),
        ("scope: Hosting.\n", 1, 1, "missing required key 'organisation' in Config"),
        (CONFIG + "limits: {max_file_bytes: 10}\n", 3, 26, None),
    ],
    ids=["bad-value", "unknown-key", "missing-key", "limit-too-small"],
)
def test_invalid_configuration(
    tmp_path: Path, config: str, line: int, column: int, message: str | None
) -> None:
    run = validate(build(tmp_path, {}, config=config))
    assert run.code == 1
    issue = run.only()
    assert (issue["code"], issue["file"], issue["line"], issue["column"]) == (
        "config-invalid",
        "itsmkit.yaml",
        line,
        column,
    ), issue
    if message:
        assert issue["message"] == message


@pytest.mark.parametrize(
    ("config", "code"),
    [("- organisation: Acme\n", "config-invalid"), ("organisation: [\n", "yaml-syntax")],
    ids=["not-a-mapping", "syntax"],
)
def test_unreadable_configuration(tmp_path: Path, config: str, code: str) -> None:
    run = validate(build(tmp_path, {}, config=config))
    assert run.code == 1
    assert [(i["code"], i["file"]) for i in run.issues] == [(code, "itsmkit.yaml")]


def test_every_bad_file_at_once(tmp_path: Path) -> None:
    """All the single-file cases in one repository: one issue each, in file order."""

    def name(case: Case) -> str:
        return case.file if case.file != "bad.yaml" else f"{case.name}.yaml"

    files: dict[str, str | bytes] = {}
    for n, case in enumerate(CASES):  # one id per file, so only duplicate-id clashes
        ident = f"P-{n}"
        files[name(case)] = (
            case.content.replace(b"P-B", ident.encode())
            if isinstance(case.content, bytes)
            else case.content.replace("P-B", ident)
        )
    run = validate(build(tmp_path, files))
    assert run.code == 1
    got = sorted((i["file"], i["code"]) for i in run.issues)
    want = sorted((name(c), c.code) for c in CASES)
    assert got == want


@pytest.mark.parametrize(
    "name", ["deep-flow-nesting", "alias-bomb", "python-tag", "non-utf8", "integer-too-long"]
)
def test_hostile_input_in_a_real_process(tmp_path: Path, name: str) -> None:
    case = next(c for c in CASES if c.name == name)
    run = validate_process(build(tmp_path, {case.file: case.content}))
    assert run.code == 1, run.stderr
    issue = run.only()
    assert (issue["code"], issue["line"], issue["column"]) == (case.code, case.line, case.column)


def test_nesting_that_would_crash_libyaml_in_a_real_process(tmp_path: Path) -> None:
    # 100,000 closed brackets: libyaml's C composer overflows the stack near 25,000.
    deep = "[" * 100_000 + "]" * 100_000
    run = validate_process(build(tmp_path, {"deep.yaml": deep}))
    assert run.code == 1
    issue = run.only()
    assert (issue["code"], issue["line"], issue["column"]) == ("yaml-too-deep", 1, 65)


def test_no_configuration_in_a_real_process(tmp_path: Path) -> None:
    root = build(tmp_path / "norepo", {}, config=None)
    run = validate_process(root)
    assert run.code == 2
    assert json.loads(run.stdout)["error"]["code"] == "repository-not-found"
    assert "no itsmkit.yaml here or in any parent folder" in run.stderr


def test_worker_processes_give_the_same_report(tmp_path: Path) -> None:
    """Parsing in two worker processes changes nothing in the issues or their order."""
    from itsmkit.validator import validate as run

    files: dict[str, str | bytes] = {
        f"f{n:02d}-{c.name}.yaml": c.content for n, c in enumerate(CASES)
    }
    files.update({f"ok/p{n}.yaml": PERSON.replace("P-A", f"P-OK{n}") for n in range(40)})
    root = build(tmp_path, files)
    serial, serial_repo = run(root, jobs=1)
    parallel, parallel_repo = run(root, jobs=2)
    assert [i.to_dict() for i in parallel.issues] == [i.to_dict() for i in serial.issues]
    assert [(a.file, a.artefact) for a in parallel_repo.artefacts] == [
        (a.file, a.artefact) for a in serial_repo.artefacts
    ]
    assert parallel.artefacts == serial.artefacts > 40
