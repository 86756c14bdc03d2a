"""Printers for validation reports: text, JSON, JUnit XML, SARIF and GitHub annotations.

One per ``--format``. Each format has its module (``report.text``, ``report.junit``,
``report.sarif``, ``report.github``); the JSON envelope, a few lines, is here. Callers
pick a printer from this one place.
"""

from __future__ import annotations

from itsmkit.envelope import dumps, envelope
from itsmkit.issues import Severity
from itsmkit.report.github import append_github_summary, to_github, to_github_summary
from itsmkit.report.junit import to_junit
from itsmkit.report.sarif import to_sarif
from itsmkit.report.text import to_text
from itsmkit.validator import ValidationReport

__all__ = [
    "append_github_summary",
    "to_github",
    "to_github_summary",
    "to_json",
    "to_junit",
    "to_sarif",
    "to_text",
]


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
