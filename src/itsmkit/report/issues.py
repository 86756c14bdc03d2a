"""Printers for validation reports: text, JSON, JUnit XML, SARIF and GitHub annotations."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from itsmkit import __version__
from itsmkit.catalogue import RULES
from itsmkit.envelope import dumps, envelope
from itsmkit.issues import Issue, Severity
from itsmkit.validator import ValidationReport


def display_path(root: Path, rel: str, cwd: Path | None = None) -> str:
    """The issue's file as the user would type it from the current folder."""
    full = root / rel
    try:
        return os.path.relpath(full, cwd or Path.cwd())
    except ValueError:  # another drive on Windows
        return str(full)


def summary_line(report: ValidationReport) -> str:
    """``2 errors, 1 warning, 0 notes in 12 files (340 artefacts)``."""
    e, w, n = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return (
        f"{plural(e, 'error')}, {plural(w, 'warning')}, {plural(n, 'note')} "
        f"in {plural(report.files, 'file')} ({plural(report.artefacts, 'artefact')})"
    )


def _one_line(text: str) -> str:
    # One issue per line, so that editors and grep can parse the output.
    return " ".join(text.splitlines())


def issue_lines(
    issues: Iterable[Issue], root: Path | None = None, *, cwd: Path | None = None
) -> list[str]:
    """``path:line:col: severity code: message`` per issue, each hint on a line of its own.

    ``root`` is the repository the files are relative to; without it they print as they are.
    """
    lines = []
    for issue in issues:
        path = display_path(root, issue.file, cwd) if root is not None else issue.file
        lines.append(
            f"{path}:{issue.line or 1}:{issue.column or 1}: {issue.severity.value} "
            f"{issue.code}: {_one_line(issue.message)}"
        )
        if issue.hint:
            lines.append(f"    hint: {_one_line(issue.hint)}")
    return lines


def to_text(report: ValidationReport, *, cwd: Path | None = None) -> str:
    """Compiler-style lines: ``path:line:col: severity code: message`` and a hint line."""
    lines = issue_lines(report.issues, report.root, cwd=cwd)
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def to_json(report: ValidationReport) -> str:
    """The versioned JSON envelope."""
    return dumps(
        envelope(
            "validate",
            {
                "root": str(report.root),
                "summary": {
                    "files": report.files,
                    "artefacts": report.artefacts,
                    "errors": report.count(Severity.ERROR),
                    "warnings": report.count(Severity.WARNING),
                    "notes": report.count(Severity.INFO),
                    "kinds": report.kinds,
                },
                "issues": [issue.to_dict() for issue in report.issues],
            },
        )
    )


# Characters XML 1.0 cannot carry at all, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return escape(_XML_ILLEGAL.sub("\ufffd", text))


def _xml_attr(text: str) -> str:
    return quoteattr(_XML_ILLEGAL.sub("\ufffd", text))


def to_junit(report: ValidationReport, *, strict: bool = False) -> str:
    """JUnit XML: one test case per file, failing when the file has errors.

    With ``strict``, warnings fail a file too. Files without issues are counted in one
    passing test case.
    """
    by_file: dict[str, list[Issue]] = {}
    for issue in report.issues:
        by_file.setdefault(issue.file, []).append(issue)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    cases = []
    failures = 0
    for rel in sorted(by_file):
        problems = [i for i in by_file[rel] if i.severity in failing]
        body = ""
        if problems:
            failures += 1
            text = "\n".join(
                f"{i.file}:{i.line or 1}:{i.column or 1}: {i.severity.value} {i.code}: {i.message}"
                for i in problems
            )
            body = (
                f"<failure message={_xml_attr(problems[0].message)} "
                f"type={_xml_attr(problems[0].code)}>{_xml_text(text)}</failure>"
            )
        cases.append(
            f'    <testcase classname="itsmkit.validate" name={_xml_attr(rel)}>{body}</testcase>'
        )
    clean = report.files - len(by_file)
    if clean > 0:
        cases.append(
            f'    <testcase classname="itsmkit.validate" name="{clean} file(s) without issues"/>'
        )
    tests = len(cases)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="itsmkit" tests="{tests}" failures="{failures}">\n'
        f'  <testsuite name="itsmkit validate" tests="{tests}" failures="{failures}">\n'
        + "\n".join(cases)
        + "\n  </testsuite>\n</testsuites>\n"
    )


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def to_sarif(report: ValidationReport) -> str:
    """SARIF 2.1.0, for GitHub code scanning."""
    used = sorted({i.code for i in report.issues})
    rules: list[dict[str, Any]] = [
        {
            "id": code,
            "shortDescription": {"text": RULES[code].checks},
            "help": {"text": RULES[code].fix},
            "defaultConfiguration": {"level": _SARIF_LEVEL[RULES[code].severity]},
        }
        for code in used
    ]
    results = [
        {
            "ruleId": i.code,
            "level": _SARIF_LEVEL[i.severity],
            "message": {"text": i.message + (f" Hint: {i.hint}" if i.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        # A URI reference: spaces and other specials percent-encoded.
                        "artifactLocation": {"uri": quote(i.file), "uriBaseId": "SRCROOT"},
                        "region": {"startLine": i.line or 1, "startColumn": i.column or 1},
                    }
                }
            ],
        }
        for i in report.issues
    ]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "itsmkit", "version": __version__, "rules": rules}},
                "originalUriBaseIds": {"SRCROOT": {"uri": report.root.as_uri() + "/"}},
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def to_github(report: ValidationReport, *, cwd: Path | None = None) -> str:
    """GitHub Actions workflow commands (``::error file=...``).

    GitHub wants paths relative to the workspace, where workflows run: like the text
    printer, paths are given relative to ``cwd`` (default: the current folder), so a
    repository in a sub-folder of the git checkout is annotated correctly.
    """
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for i in report.issues:
        message = i.message + (f" — {i.hint}" if i.hint else "")
        path = display_path(report.root, i.file, cwd)
        lines.append(
            f"::{command[i.severity]} file={_gh_escape(path, prop=True)},line={i.line or 1},"
            f"col={i.column or 1},title={_gh_escape(i.code, prop=True)}::{_gh_escape(message)}"
        )
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
