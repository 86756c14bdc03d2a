"""The JUnit XML printer of a validation report: one test case per file."""

from __future__ import annotations

import re

from itsmkit import __version__
from itsmkit.catalogue import RULES
from itsmkit.issues import Issue, Severity
from itsmkit.validator import ValidationReport

# Characters XML 1.0 cannot carry at all, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Rule groups whose errors mean the file could not be read at all: a JUnit <error> (the
# test could not run), not a <failure> (it ran and found something wrong).
_UNREADABLE_GROUPS = {"yaml", "files"}


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape  # lazy: it imports urllib.request, http and ssl

    return escape(_XML_ILLEGAL.sub("\ufffd", text))


def _xml_attr(text: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(_XML_ILLEGAL.sub("\ufffd", text))


def _seconds(value: float) -> str:
    # Jenkins' SUREFIRE_TIME: digits, a dot, at most three decimals.
    return f"{max(value, 0.0):.3f}"


def _issue_line(i: Issue) -> str:
    return f"{i.file}:{i.line or 1}:{i.column or 1}: {i.severity.value} {i.code}: {i.message}" + (
        f" (hint: {i.hint})" if i.hint else ""
    )


def _junit_case(rel: str, issues: list[Issue], failing: set[Severity]) -> tuple[str, str]:
    """One file's test case, and its outcome: error, failure, skipped or passed."""
    # Errors first: the failure's message and type name the worst issue.
    problems = sorted((i for i in issues if i.severity in failing), key=lambda i: i.severity.rank)
    unreadable = [
        i for i in problems if i.code in RULES and RULES[i.code].group in _UNREADABLE_GROUPS
    ]
    warnings = [i for i in issues if i.severity is Severity.WARNING]
    parts = []
    outcome = "passed"
    if unreadable:
        outcome = "error"
        text = "\n".join(_issue_line(i) for i in unreadable)
        parts.append(
            f"<error message={_xml_attr(unreadable[0].message)} "
            f"type={_xml_attr(unreadable[0].code)}>{_xml_text(text)}</error>"
        )
    elif problems:
        outcome = "failure"
        text = "\n".join(_issue_line(i) for i in problems)
        parts.append(
            f"<failure message={_xml_attr(problems[0].message)} "
            f"type={_xml_attr(problems[0].code)}>{_xml_text(text)}</failure>"
        )
    elif warnings:
        # Not failing (no --strict), but not silently green either: a skipped case says
        # why, and the warnings themselves are in system-out.
        outcome = "skipped"
        word = "warning" if len(warnings) == 1 else "warnings"
        message = f"{len(warnings)} {word}; --strict fails on warnings"
        parts.append(f"<skipped message={_xml_attr(message)} type={_xml_attr('warning')}/>")
    # Every issue of the file, whatever its severity, in the case's own output.
    parts.append(
        f"<system-out>{_xml_text(chr(10).join(_issue_line(i) for i in issues))}</system-out>"
    )
    body = "\n      ".join(parts)
    case = (
        f'    <testcase classname="itsmkit.validate" name={_xml_attr(rel)}>\n'
        f"      {body}\n    </testcase>"
    )
    return case, outcome


def to_junit(report: ValidationReport, *, strict: bool = False) -> str:
    """JUnit XML, valid against Jenkins' ``junit-10.xsd``: one test case per file.

    A file that cannot be read (YAML or file-system rules) is an ``<error>``; a file with
    errors (with ``strict``, warnings too) is a ``<failure>``; a file with warnings only
    is ``<skipped>`` with the reason, so warnings show and never pass silently. Every
    case carries its file's issues in ``<system-out>``. Files without issues are counted
    in one passing case. The suite's ``time`` is the validation's duration.
    """
    by_file: dict[str, list[Issue]] = {}
    for issue in report.issues:
        by_file.setdefault(issue.file, []).append(issue)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    cases = []
    counts = {"error": 0, "failure": 0, "skipped": 0, "passed": 0}
    for rel in sorted(by_file):
        case, outcome = _junit_case(rel, by_file[rel], failing)
        cases.append(case)
        counts[outcome] += 1
    clean = report.files - len(by_file)
    if clean > 0:
        cases.append(
            f'    <testcase classname="itsmkit.validate" name="{clean} file(s) without issues"/>'
        )
    tests, failures, errors = len(cases), counts["failure"], counts["error"]
    time = _seconds(report.seconds)
    totals = f'tests="{tests}" failures="{failures}" errors="{errors}"'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="itsmkit" {totals} time="{time}">\n'
        f'  <testsuite name="itsmkit validate" {totals} skipped="{counts["skipped"]}" '
        f'time="{time}">\n'
        f'    <properties>\n      <property name="itsmkit.version" value="{__version__}"/>\n'
        f'      <property name="strict" value="{str(strict).lower()}"/>\n    </properties>\n'
        + "\n".join(cases)
        + "\n  </testsuite>\n</testsuites>\n"
    )
