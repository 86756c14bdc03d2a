"""Every printer of a validation report: text, JSON (a pinned contract), JUnit, SARIF, GitHub."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from itsmkit import __version__
from itsmkit.catalogue import RULES
from itsmkit.envelope import ENVELOPE_VERSION
from itsmkit.issues import Issue, Severity
from itsmkit.report import issues as printers
from itsmkit.validator import ValidationReport
from itsmkit.validator import validate as run_validate

ROOT = Path("/srv/acme-sms")


def _issue(
    severity: Severity,
    code: str,
    message: str,
    file: str,
    line: int | None,
    column: int | None,
    hint: str | None = None,
    artefact: str | None = None,
) -> Issue:
    return Issue(severity, code, message, file, line, column, hint, artefact)


ERROR = _issue(
    Severity.ERROR,
    "schema-unknown-key",
    "unknown key 'titel' in Sla",
    "agreements/sla.yaml",
    4,
    1,
    "Did you mean 'title'?",
    "SLA-ACME",
)
ERROR2 = _issue(
    Severity.ERROR,
    "ref-unknown",
    "customer refers to unknown customer 'CUST-X'",
    "agreements/sla.yaml",
    7,
    11,
    None,
    "SLA-ACME",
)
WARNING = _issue(
    Severity.WARNING,
    "doc-review-overdue",
    "review was due on 2024-01-01 (30 days ago)",
    "policies/policy.yaml",
    9,
    14,
    "Review the document and move `next_review:` forward.",
    "POL-SMS",
)
INFO = _issue(
    Severity.INFO,
    "doc-review-missing",
    "approved policy has no next_review date",
    "policies/other.yaml",
    None,
    None,
    "Add `next_review:`.",
    "POL-OTHER",
)


def _report(*issues: Issue, files: int = 5) -> ValidationReport:
    return ValidationReport(
        root=ROOT, issues=list(issues), files=files, artefacts=7, kinds={"policy": 2, "sla": 1}
    )


REPORT = _report(ERROR, ERROR2, WARNING, INFO)


# Text ------------------------------------------------------------------------------------


def test_text_lines_are_compiler_style_with_hint_lines() -> None:
    assert printers.to_text(REPORT, cwd=ROOT).splitlines() == [
        "agreements/sla.yaml:4:1: error schema-unknown-key: unknown key 'titel' in Sla",
        "    hint: Did you mean 'title'?",
        "agreements/sla.yaml:7:11: error ref-unknown: customer refers to unknown customer 'CUST-X'",
        "policies/policy.yaml:9:14: warning doc-review-overdue: "
        "review was due on 2024-01-01 (30 days ago)",
        "    hint: Review the document and move `next_review:` forward.",
        "policies/other.yaml:1:1: info doc-review-missing: approved policy has no next_review date",
        "    hint: Add `next_review:`.",
        "2 errors, 1 warning, 1 note in 5 files (7 artefacts)",
    ]


def test_text_paths_are_relative_to_the_current_folder() -> None:
    text = printers.to_text(_report(ERROR), cwd=ROOT.parent)
    assert text.startswith("acme-sms/agreements/sla.yaml:4:1: error ")


def test_text_keeps_one_issue_per_line() -> None:
    multi = _issue(Severity.ERROR, "yaml-syntax", "bad\nthing", "a.yaml", 2, 3, "one\ntwo")
    assert printers.to_text(_report(multi), cwd=ROOT).splitlines() == [
        "a.yaml:2:3: error yaml-syntax: bad thing",
        "    hint: one two",
        "1 error, 0 warnings, 0 notes in 5 files (7 artefacts)",
    ]


def test_text_of_a_clean_report_is_the_summary_alone() -> None:
    assert printers.to_text(_report(files=1)) == (
        "0 errors, 0 warnings, 0 notes in 1 file (7 artefacts)\n"
    )


# JSON: the contract ----------------------------------------------------------------------

# Changing any of these is a breaking change for users' scripts: bump ENVELOPE_VERSION,
# say so in the changelog, and only then update this contract.
ENVELOPE_KEYS = ["schema", "version", "tool", "root", "summary", "issues"]
SUMMARY_KEYS = ["files", "artefacts", "errors", "warnings", "notes", "kinds"]
ISSUE_KEYS = ["severity", "code", "message", "hint", "file", "line", "column", "artefact"]


def test_json_envelope_contract() -> None:
    data = json.loads(printers.to_json(REPORT))
    assert list(data) == ENVELOPE_KEYS
    assert data["schema"] == "itsmkit/validate"
    assert data["version"] == ENVELOPE_VERSION == 1
    assert data["tool"] == {"name": "itsmkit", "version": __version__}
    assert data["root"] == str(ROOT)
    assert list(data["summary"]) == SUMMARY_KEYS
    assert data["summary"] == {
        "files": 5,
        "artefacts": 7,
        "errors": 2,
        "warnings": 1,
        "notes": 1,
        "kinds": {"policy": 2, "sla": 1},
    }
    assert [list(i) for i in data["issues"]] == [ISSUE_KEYS] * 4


def test_json_issues_are_plain_values_in_order() -> None:
    data = json.loads(printers.to_json(REPORT))
    assert data["issues"][0] == {
        "severity": "error",
        "code": "schema-unknown-key",
        "message": "unknown key 'titel' in Sla",
        "hint": "Did you mean 'title'?",
        "file": "agreements/sla.yaml",
        "line": 4,
        "column": 1,
        "artefact": "SLA-ACME",
    }
    # Unknown positions stay null in JSON (the text printer shows them as 1:1).
    assert (data["issues"][3]["line"], data["issues"][3]["column"]) == (None, None)
    assert [i["severity"] for i in data["issues"]] == ["error", "error", "warning", "info"]


def test_json_keeps_non_ascii_readable() -> None:
    issue = _issue(Severity.ERROR, "schema-value", "intitulé manquant", "é.yaml", 1, 1)
    text = printers.to_json(_report(issue))
    assert "intitulé manquant" in text
    assert json.loads(text)["issues"][0]["file"] == "é.yaml"


# JUnit -----------------------------------------------------------------------------------


def _junit(report: ValidationReport, *, strict: bool) -> ET.Element:
    return ET.fromstring(printers.to_junit(report, strict=strict).encode("utf-8"))


def _cases(root: ET.Element) -> dict[str, ET.Element]:
    return {case.attrib["name"]: case for case in root.iter("testcase")}


@pytest.mark.parametrize(
    ("strict", "failing"),
    [(False, ["agreements/sla.yaml"]), (True, ["agreements/sla.yaml", "policies/policy.yaml"])],
)
def test_junit_counts_cases_and_failures(strict: bool, failing: list[str]) -> None:
    root = _junit(REPORT, strict=strict)
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    cases = _cases(root)
    # Three files with issues, and one case for the two files without.
    assert sorted(cases) == [
        "2 file(s) without issues",
        "agreements/sla.yaml",
        "policies/other.yaml",
        "policies/policy.yaml",
    ]
    failed = sorted(name for name, case in cases.items() if case.find("failure") is not None)
    assert failed == failing
    for element in (root, suite):
        assert element.attrib["tests"] == "4"
        assert element.attrib["failures"] == str(len(failing))


def test_junit_failure_lists_every_failing_issue_of_the_file() -> None:
    failure = _cases(_junit(REPORT, strict=False))["agreements/sla.yaml"].find("failure")
    assert failure is not None
    assert failure.attrib == {"message": "unknown key 'titel' in Sla", "type": "schema-unknown-key"}
    assert (failure.text or "").splitlines() == [
        "agreements/sla.yaml:4:1: error schema-unknown-key: unknown key 'titel' in Sla"
        " (hint: Did you mean 'title'?)",
        "agreements/sla.yaml:7:11: error ref-unknown: customer refers to unknown customer 'CUST-X'",
    ]


def test_junit_escapes_markup_and_unknown_positions() -> None:
    nasty = _issue(Severity.ERROR, "schema-value", 'a <b> & "c"\x01', "x&y.yaml", None, None)
    root = _junit(_report(nasty, files=1), strict=False)
    case = _cases(root)["x&y.yaml"]
    failure = case.find("failure")
    assert failure is not None
    assert failure.attrib["message"] == 'a <b> & "c"\ufffd'
    assert failure.text == 'x&y.yaml:1:1: error schema-value: a <b> & "c"\ufffd'


def test_junit_of_a_clean_report_has_no_failures() -> None:
    root = _junit(_report(files=3), strict=True)
    assert root.attrib == {
        "name": "itsmkit",
        "tests": "1",
        "failures": "0",
        "errors": "0",
        "time": "0.000",
    }
    assert list(_cases(root)) == ["3 file(s) without issues"]


# SARIF -----------------------------------------------------------------------------------


def _check_sarif_structure(doc: dict[str, Any]) -> None:
    """The parts of SARIF 2.1.0 that GitHub code scanning requires."""
    assert doc["version"] == "2.1.0"
    assert "sarif-2.1.0" in doc["$schema"]
    assert isinstance(doc["runs"], list)
    assert len(doc["runs"]) == 1
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "itsmkit"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for base in run.get("originalUriBaseIds", {}).values():
        assert base["uri"].endswith("/")
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert result["level"] in ("none", "note", "warning", "error")
        assert result["message"]["text"]
        assert result["locations"], "every result points somewhere"
        for location in result["locations"]:
            physical = location["physicalLocation"]
            assert physical["artifactLocation"]["uri"]
            assert " " not in physical["artifactLocation"]["uri"]
            region = physical["region"]
            assert isinstance(region["startLine"], int)
            assert region["startLine"] >= 1
            assert region.get("startColumn", 1) >= 1


def test_sarif_structure_and_content() -> None:
    doc = json.loads(printers.to_sarif(REPORT))
    _check_sarif_structure(doc)
    run = doc["runs"][0]
    assert run["tool"]["driver"]["version"] == __version__
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == sorted(
        {"schema-unknown-key", "ref-unknown", "doc-review-overdue", "doc-review-missing"}
    )
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("schema-unknown-key", "error"),
        ("ref-unknown", "error"),
        ("doc-review-overdue", "warning"),
        ("doc-review-missing", "note"),
    ]
    first = run["results"][0]
    assert first["message"]["text"] == "unknown key 'titel' in Sla. Hint: Did you mean 'title'?"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "agreements/sla.yaml", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 4, "startColumn": 1},
    }
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == ROOT.as_uri() + "/"
    # Rule metadata comes from the catalogue.
    rule = {r["id"]: r for r in run["tool"]["driver"]["rules"]}["doc-review-overdue"]
    assert rule["help"]["text"] == RULES["doc-review-overdue"].fix
    assert rule["defaultConfiguration"]["level"] == "warning"


def test_sarif_uris_are_percent_encoded() -> None:
    spaced = _issue(Severity.ERROR, "yaml-empty", "file is empty", "records/mars 2025.yaml", 1, 1)
    doc = json.loads(printers.to_sarif(_report(spaced)))
    _check_sarif_structure(doc)
    location = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "records/mars%202025.yaml"


def test_sarif_of_a_clean_report_has_no_results() -> None:
    doc = json.loads(printers.to_sarif(_report()))
    _check_sarif_structure(doc)
    assert doc["runs"][0]["results"] == []
    assert doc["runs"][0]["tool"]["driver"]["rules"] == []


# GitHub annotations ----------------------------------------------------------------------


def test_github_annotations() -> None:
    lines = printers.to_github(REPORT, cwd=ROOT).splitlines()
    assert lines == [
        "::error title=schema-unknown-key,file=agreements/sla.yaml,line=4,col=1"
        "::unknown key 'titel' in Sla — Did you mean 'title'?",
        "::error title=ref-unknown,file=agreements/sla.yaml,line=7,col=11"
        "::customer refers to unknown customer 'CUST-X'",
        "::warning title=doc-review-overdue,file=policies/policy.yaml,line=9,col=14"
        "::review was due on 2024-01-01 (30 days ago) — "
        "Review the document and move `next_review:` forward.",
        "::notice title=doc-review-missing,file=policies/other.yaml,line=1,col=1"
        "::approved policy has no next_review date — Add `next_review:`.",
        "2 errors, 1 warning, 1 note in 5 files (7 artefacts)",
    ]


def test_github_escapes_properties_and_data() -> None:
    tricky = _issue(
        Severity.ERROR,
        "schema-value",
        "100% sure:\r\nnot, really",
        "a,b:c%d.yaml",
        2,
        5,
        "line one\nline two",
    )
    first = printers.to_github(_report(tricky), cwd=ROOT).splitlines()[0]
    assert first == (
        "::error title=schema-value,file=a%2Cb%3Ac%25d.yaml,line=2,col=5"
        "::100%25 sure:%0D%0Anot, really — line one%0Aline two"
    )
    # The data part keeps ':' and ',' (only properties escape them), and nothing
    # unescaped can end the command early.
    assert first.count("::") == 2


def test_github_paths_are_relative_to_the_workspace() -> None:
    first = printers.to_github(_report(ERROR), cwd=ROOT.parent).splitlines()[0]
    assert first.startswith("::error title=schema-unknown-key,file=acme-sms/agreements/sla.yaml,")


# A real repository, every printer ------------------------------------------------------

BROKEN_PERSON = """\
kind: person
id: P-BOB
schema_version: 1
name: Bob
emial: bob@example.org
"""


def test_every_printer_on_a_validated_repository(make_repo: Any) -> None:
    root = make_repo({"people/bob.yaml": BROKEN_PERSON})
    report, _ = run_validate(root)
    assert [(i.code, i.file, i.line, i.column) for i in report.issues] == [
        ("schema-unknown-key", "people/bob.yaml", 5, 1)
    ]
    assert printers.to_text(report, cwd=root).splitlines()[0] == (
        "people/bob.yaml:5:1: error schema-unknown-key: unknown key 'emial' in Person"
    )
    data = json.loads(printers.to_json(report))
    assert data["summary"]["errors"] == 1
    assert data["summary"]["files"] == 2
    junit = ET.fromstring(printers.to_junit(report).encode("utf-8"))
    assert (junit.attrib["tests"], junit.attrib["failures"]) == ("2", "1")
    sarif = json.loads(printers.to_sarif(report))
    _check_sarif_structure(sarif)
    assert sarif["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == root.as_uri() + "/"
    assert printers.to_github(report, cwd=root).startswith(
        "::error title=schema-unknown-key,file=people/bob.yaml,line=5,col=1::"
    )
