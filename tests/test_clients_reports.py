"""Report formats against their real consumers.

- JUnit: Jenkins' ``junit-10.xsd`` (``../shared/reference/clients``), through lxml.
- SARIF: the OASIS SARIF 2.1.0 schema (jsonschema), and ``sarif-multitool validate
  --rule-kind "Sarif;Gh"`` (npm), which applies GitHub code scanning's own rules.
- GitHub: ``@actions/core`` (npm) writes the same annotations; the job summary is a
  Markdown table that markdown-it (GFM tables) reads back cell for cell.

The repository under test is a real scaffold, broken in three ways (a YAML syntax error,
an unknown kind, an unknown key) and full of placeholder warnings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import GIT_ENV, REPO_ROOT, git
from tests.realclients import NODE_MODULES, need, node_package

from itsmkit.issues import Issue, Severity
from itsmkit.report import issues as printers
from itsmkit.scaffold import make_options, scaffold
from itsmkit.validator import ValidationReport
from itsmkit.validator import validate as run_validate

REFERENCE = REPO_ROOT.parent / "shared" / "reference" / "clients"
if not REFERENCE.is_dir():  # a worktree: ../shared beside the worktrees' folder
    REFERENCE = REPO_ROOT / ".." / "shared" / "reference" / "clients"


def _reference(name: str) -> Path:
    path = REFERENCE / name
    need(
        path.is_file(), f"{path} (the shared reference files)", "put ../shared beside the checkout"
    )
    return path


def _break(root: Path) -> None:
    sla = root / "agreements" / "sla.yaml"
    sla.write_text(sla.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    (root / "organisation" / "people" / "bad.yaml").write_text(
        "kind: person\nid: [\n", encoding="utf-8"
    )
    (root / "organisation" / "people" / "odd.yaml").write_text(
        "kind: nope\nid: X-1\nschema_version: 1\n", encoding="utf-8"
    )


def _company(parent: Path) -> Path:
    root = parent / "acme"
    options = make_options(organisation="Acme", language="en", standard="iso20000-1:2018")
    scaffold(root, options, git=False)
    return root


@pytest.fixture
def in_git_subfolder(tmp_path: Path) -> Path:
    """A broken company kept in ``sub/acme`` of a git repository."""
    top = tmp_path / "top"
    top.mkdir()
    subprocess.run(["git", "init", "-q", str(top)], check=True, env={**os.environ, **GIT_ENV})
    root = _company(top / "sub")
    _break(root)
    git(top, "add", "-A")
    return root


@pytest.fixture
def outside_git(tmp_path: Path) -> Path:
    root = _company(tmp_path)
    _break(root)
    return root


def _report(root: Path) -> ValidationReport:
    report, _ = run_validate(root)
    codes = {i.code for i in report.issues if i.severity is Severity.ERROR}
    assert {"yaml-syntax", "kind-unknown", "schema-unknown-key"} <= codes
    assert report.count(Severity.WARNING) > 10
    return report


# JUnit ---------------------------------------------------------------------------------------


@cache
def _xsd() -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(_reference("junit-10.xsd"))))


def _valid_junit(text: str) -> Any:
    from lxml import etree

    doc = etree.fromstring(text.encode("utf-8"))
    schema = _xsd()
    assert schema.validate(doc), schema.error_log
    return doc


@pytest.mark.parametrize("strict", [False, True])
def test_junit_of_a_broken_repository_passes_jenkins_xsd(outside_git: Path, strict: bool) -> None:
    doc = _valid_junit(printers.to_junit(_report(outside_git), strict=strict))
    (suite,) = doc.findall("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    bad, odd, sla = (
        cases[f]
        for f in (
            "organisation/people/bad.yaml",
            "organisation/people/odd.yaml",
            "agreements/sla.yaml",
        )
    )
    # Unreadable YAML: the test could not run (error); a wrong kind or key: it failed.
    assert bad.find("error").get("type") == "yaml-syntax"
    assert odd.find("failure").get("type") == "kind-unknown"
    assert sla.find("failure").get("type") == "schema-unknown-key"
    # The warnings of a failing file are in its output too.
    assert "warning placeholder" in sla.findtext("system-out")
    outcomes = {
        kind: sum(1 for c in cases.values() if c.find(kind) is not None)
        for kind in ("error", "failure", "skipped")
    }
    for element in (doc, suite):
        assert element.get("errors") == str(outcomes["error"]) == "1"
        assert element.get("failures") == str(outcomes["failure"])
        assert element.get("tests") == str(len(cases))
        assert float(element.get("time")) >= 0
    assert suite.get("skipped") == str(outcomes["skipped"])
    if strict:  # every file with warnings fails
        assert outcomes["skipped"] == 0
        assert outcomes["failure"] > 10
    else:  # files with warnings only are skipped, with the reason: visible, not green
        assert outcomes["failure"] == 2
        uc = cases["agreements/uc.yaml"]
        assert uc.find("skipped").get("message").endswith("warnings; --strict fails on warnings")
        assert "warning placeholder" in uc.findtext("system-out")


def test_junit_of_a_clean_repository_passes_the_xsd_and_passes(make_repo: Any) -> None:
    root = make_repo()
    doc = _valid_junit(printers.to_junit(run_validate(root)[0]))
    assert (doc.get("tests"), doc.get("failures"), doc.get("errors")) == ("1", "0", "0")
    assert doc.find("testsuite").get("skipped") == "0"


def test_the_xsd_check_can_fail() -> None:
    # What itsmkit wrote before: no `errors` attribute. Jenkins refuses it.
    from lxml import etree

    old = '<testsuites><testsuite name="s" tests="1" failures="0"/></testsuites>'
    assert not _xsd().validate(etree.fromstring(old))


# SARIF ---------------------------------------------------------------------------------------


def _sarif_schema_errors(doc: dict[str, Any]) -> list[str]:
    import jsonschema

    schema = json.loads(_reference("sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


def _multitool() -> str:
    node_package("@microsoft/sarif-multitool")
    # The npm wrapper (bin.js) passes its arguments through a shell, which splits
    # "Sarif;Gh" at the semicolon: ask the package where its native binary is.
    found = subprocess.run(
        ["node", "-p", "require('@microsoft/sarif-multitool')"],
        cwd=NODE_MODULES.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    need(Path(found).is_file(), "the sarif-multitool binary for this platform")
    return found


def _multitool_findings(tmp_path: Path, text: str) -> list[tuple[str, str, str]]:
    """(rule, level, message) of every error and warning the multitool reports."""
    log = tmp_path / "in.sarif"
    log.write_text(text, encoding="utf-8")
    out = tmp_path / "multitool.sarif"
    done = subprocess.run(
        [
            _multitool(),
            "validate",
            "--rule-kind",
            "Sarif;Gh",
            "--output",
            str(out),
            str(log),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DOTNET_CLI_TELEMETRY_OPTOUT": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Analysis completed successfully" in done.stdout
    results = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    return [
        (r["ruleId"], r.get("level", "warning"), r["message"].get("text", str(r["message"])))
        for r in results
        if r.get("level", "warning") in ("error", "warning")
    ]


def _uris(doc: dict[str, Any]) -> list[str]:
    return [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    ]


def test_sarif_of_a_broken_repository_passes_the_schema_and_githubs_rules(
    in_git_subfolder: Path, tmp_path: Path
) -> None:
    text = printers.to_sarif(_report(in_git_subfolder))
    doc = json.loads(text)
    assert _sarif_schema_errors(doc) == []
    assert _multitool_findings(tmp_path, text) == []
    run = doc["runs"][0]
    # Relative to the git checkout's top, where code scanning looks for the files.
    top = in_git_subfolder.parent.parent
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": top.resolve().as_uri() + "/"}}
    assert "sub/acme/agreements/sla.yaml" in _uris(doc)
    assert all(uri.startswith("sub/acme/") for uri in _uris(doc))
    for uri in set(_uris(doc)):
        assert (top / uri).is_file(), uri
    rules = run["tool"]["driver"]["rules"]
    assert all(r["fullDescription"]["text"] and r["helpUri"] for r in rules)
    fingerprints = [r["partialFingerprints"]["itsmkitIssue/v1"] for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_outside_git_is_relative_to_the_company_folder(outside_git: Path) -> None:
    doc = json.loads(printers.to_sarif(_report(outside_git)))
    assert doc["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == (
        outside_git.resolve().as_uri() + "/"
    )
    assert "agreements/sla.yaml" in _uris(doc)


def test_sarif_fingerprints_survive_lines_moving(outside_git: Path) -> None:
    before = json.loads(printers.to_sarif(_report(outside_git)))["runs"][0]["results"]
    sla = outside_git / "agreements" / "sla.yaml"
    lines = sla.read_text(encoding="utf-8").splitlines(keepends=True)
    sla.write_text("".join([lines[0], "# a new comment line\n", *lines[1:]]), encoding="utf-8")
    after = json.loads(printers.to_sarif(_report(outside_git)))["runs"][0]["results"]

    def key(r: dict[str, Any]) -> str:
        return str(r["partialFingerprints"]["itsmkitIssue/v1"])

    moved = {key(r): r for r in after}
    unknown = [r for r in before if r["ruleId"] == "schema-unknown-key"]
    assert unknown
    for result in unknown:
        region = result["locations"][0]["physicalLocation"]["region"]
        now = moved[key(result)]["locations"][0]["physicalLocation"]["region"]
        assert now["startLine"] == region["startLine"] + 1


def test_the_multitool_check_can_fail(outside_git: Path, tmp_path: Path) -> None:
    # What itsmkit wrote before: rules without fullDescription (GitHub's GH2012).
    doc = json.loads(printers.to_sarif(_report(outside_git)))
    for rule in doc["runs"][0]["tool"]["driver"]["rules"]:
        del rule["fullDescription"]
    found = _multitool_findings(tmp_path, json.dumps(doc))
    assert {rule for rule, level, _ in found} == {"GH2012"}


# GitHub annotations and the job summary --------------------------------------------------------

_ACTIONS_CORE = """
const core = require('@actions/core');
const issues = JSON.parse(require('fs').readFileSync(0, 'utf8'));
for (const i of issues) {
  core[i.kind](i.message, {title: i.title, file: i.file, startLine: i.line, startColumn: i.col});
}
"""


def test_annotations_match_actions_core_and_errors_come_first(
    in_git_subfolder: Path, tmp_path: Path
) -> None:
    node_package("@actions/core")
    tricky = Issue(
        Severity.WARNING,
        "schema-value",
        "100% sure: a, b\r\nand a second line",
        "weird, name:%.yaml",
        3,
        7,
        "hint:\nhere",
    )
    report = _report(in_git_subfolder)
    report.issues.append(tricky)
    cwd = in_git_subfolder.parent.parent
    ours = printers.to_github(report, cwd=cwd).splitlines()
    annotations = [line for line in ours if line.startswith("::")]
    assert len(annotations) == len(report.issues)
    kinds = [line[2:].split(" ", 1)[0] for line in annotations]
    assert kinds == sorted(kinds, key=["error", "warning", "notice"].index)
    assert kinds[:3] == ["error"] * 3 and kinds[3] == "warning"
    assert "GitHub shows 10 annotations of each kind" in ours[-2]

    kind = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    ordered = sorted(report.issues, key=lambda i: i.severity.rank)
    payload = [
        {
            "kind": kind[i.severity],
            "message": i.message + (f" — {i.hint}" if i.hint else ""),
            "title": i.code,
            "file": os.path.relpath(in_git_subfolder / i.file, cwd),
            "line": i.line or 1,
            "col": i.column or 1,
        }
        for i in ordered
    ]
    done = subprocess.run(
        ["node", "-e", _ACTIONS_CORE],
        input=json.dumps(payload),
        cwd=NODE_MODULES.parent,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
    )
    assert annotations == done.stdout.splitlines()


def test_job_summary_is_appended_to_github_step_summary(in_git_subfolder: Path) -> None:
    from markdown_it import MarkdownIt

    summary = in_git_subfolder.parent / "summary.md"
    summary.write_text("## An earlier step\n\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "itsmkit", "validate", str(in_git_subfolder), "--format", "github"],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "NO_COLOR": "1"},
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## An earlier step\n\n## itsmkit validate: failed\n")
    report = _report(in_git_subfolder)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rows: list[list[str]] = []
    for n, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and tokens[n - 1].type in ("th_open", "td_open"):
            rows[-1].append(token.children[0].content if token.children else "")
    header, *body = rows
    assert header == ["severity", "file", "line", "rule", "message"]
    assert len(body) == len(report.issues)
    assert [r[0] for r in body[:3]] == ["error"] * 3
    assert all(len(r) == 5 for r in body)
    # A cell's text comes back as written: escaping kept '|' and '<' from breaking the table.
    assert any(r[3] == "schema-unknown-key" and "unknown key 'colour'" in r[4] for r in body)


def test_summary_cells_escape_markdown_and_html(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    nasty = Issue(
        Severity.ERROR, "schema-value", "a | b <script>x</script> *c* `d`", "f.yaml", 1, 1
    )
    report = ValidationReport(root=tmp_path, issues=[nasty], files=1, artefacts=1)
    html = MarkdownIt("commonmark").enable("table").render(printers.to_github_summary(report))
    assert "<script>" not in html
    assert "<td>a | b &lt;script&gt;x&lt;/script&gt; *c* `d`</td>" in html
