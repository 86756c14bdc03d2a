"""The text printer of a validation report, and the lines other printers share.

``path:line:col: severity code: message`` per issue (as compilers and ruff print), the
summary line, and the lines saying what ``--severity`` hid and why ``--strict`` fails.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from itsmkit.issues import Issue, Severity
from itsmkit.report.arrange import arrange, at_least
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


def one_line(text: str) -> str:
    """``text`` on one line: one issue per line, so that editors and grep can parse it."""
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
            f"{issue.code}: {one_line(issue.message)}"
        )
        if issue.hint:
            lines.append(f"    hint: {one_line(issue.hint)}")
    return lines


def strict_reasons(report: ValidationReport) -> str | None:
    """Why ``--strict`` fails a report that has no error: its warnings, counted by rule."""
    if report.count(Severity.ERROR) or not report.count(Severity.WARNING):
        return None
    codes = Counter(i.code for i in report.issues if i.severity is Severity.WARNING)
    listed = ", ".join(
        f"{n} {code}" for code, n in sorted(codes.items(), key=lambda c: (-c[1], c[0]))
    )
    total = sum(codes.values())
    return f"--strict: failed on {total} warning{'' if total == 1 else 's'} ({listed})"


def hidden_line(report: ValidationReport, shown: int) -> str | None:
    """How many issues ``--severity`` left out, if any."""
    hidden = len(report.issues) - shown
    if hidden <= 0:
        return None
    return f"{hidden} less serious issue{'' if hidden == 1 else 's'} not shown (--severity)"


def to_text(
    report: ValidationReport,
    *,
    cwd: Path | None = None,
    minimum: Severity = Severity.INFO,
    verbose: bool = False,
    strict: bool = False,
) -> str:
    """Compiler-style lines: ``path:line:col: severity code: message`` and a hint line.

    Errors come first; issues below ``minimum`` are left out (and counted);
    placeholders are one line per file unless ``verbose``; with ``strict``, a last line
    says which warnings fail the run.
    """
    shown = at_least(report.issues, minimum)
    lines = issue_lines(arrange(shown, verbose=verbose), report.root, cwd=cwd)
    lines.append(summary_line(report))
    for extra in (hidden_line(report, len(shown)), strict_reasons(report) if strict else None):
        if extra:
            lines.append(extra)
    return "\n".join(lines) + "\n"
