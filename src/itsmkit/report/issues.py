"""Printers for validation reports: text, JSON, JUnit XML, SARIF and GitHub annotations."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from itsmkit import __version__
from itsmkit.report.envelope import dumps, envelope
from itsmkit.rules.catalogue import RULES
from itsmkit.rules.issue import Issue, Severity
from itsmkit.validator import ValidationReport

FORMATS = ("text", "json", "junit", "sarif", "github")


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


def to_text(report: ValidationReport, *, cwd: Path | None = None) -> str:
    """Compiler-style lines: ``path:line:col: severity code: message`` and a hint line."""
    lines = []
    for issue in report.issues:
        path = display_path(report.root, issue.file, cwd)
        lines.append(
            f"{path}:{issue.line or 1}:{issue.column or 1}: {issue.severity.value} "
            f"{issue.code}: {issue.message}"
        )
        if issue.hint:
            lines.append(f"    hint: {issue.hint}")
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


def to_junit(report: ValidationReport, *, strict: bool = False) -> str:
    """JUnit XML: one test case per file, failing when the file has errors."""
    by_file: dict[str, list[Issue]] = {}
    for issue in report.issues:
        by_file.setdefault(issue.file, []).append(issue)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    cases = []
    failures = 0
    for rel in sorted(set(by_file) | set()):
        problems = [i for i in by_file[rel] if i.severity in failing]
        body = ""
        if problems:
            failures += 1
            text = "\n".join(
                f"{i.file}:{i.line}:{i.column}: {i.severity.value} {i.code}: {i.message}" for i in problems
            )
            body = (
                f"<failure message={quoteattr(problems[0].message)} type={quoteattr(problems[0].code)}>"
                f"{escape(text)}</failure>"
            )
        cases.append(f'    <testcase classname="itsmkit.validate" name={quoteattr(rel)}>{body}</testcase>')
    clean = report.files - len(by_file)
    if clean > 0:
        cases.append(f'    <testcase classname="itsmkit.validate" name="{clean} file(s) without issues"/>')
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
                        "artifactLocation": {"uri": i.file, "uriBaseId": "SRCROOT"},
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


def to_github(report: ValidationReport) -> str:
    """GitHub Actions workflow commands (``::error file=...``)."""
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for i in report.issues:
        message = i.message + (f" — {i.hint}" if i.hint else "")
        lines.append(
            f"::{command[i.severity]} file={_gh_escape(i.file, prop=True)},line={i.line or 1},"
            f"col={i.column or 1},title={_gh_escape(i.code, prop=True)}::{_gh_escape(message)}"
        )
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
