"""GitHub Actions printers of a validation report: annotations and the job summary."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from itsmkit.issues import Issue, Severity
from itsmkit.report.arrange import at_least, severity_word
from itsmkit.report.text import display_path, hidden_line, one_line, strict_reasons, summary_line
from itsmkit.validator import ValidationReport


def _gh_escape(text: str, *, prop: bool = False) -> str:
    # As @actions/core's escapeData and escapeProperty.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


_GH_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# GitHub shows at most this many annotations of each kind per step.
GITHUB_ANNOTATION_LIMIT = 10


def _by_severity(report: ValidationReport, minimum: Severity = Severity.INFO) -> list[Issue]:
    return sorted(at_least(report.issues, minimum), key=lambda i: i.severity.rank)


def to_github(
    report: ValidationReport, *, cwd: Path | None = None, minimum: Severity = Severity.INFO
) -> str:
    """GitHub Actions workflow commands (``::error title=...,file=...``), errors first.

    ``minimum`` (``--severity``) leaves out less serious issues; the closing counts are
    still those of the whole report, and a line says how many were left out.

    GitHub shows only the first 10 annotations of each kind per step, so errors come
    before warnings and notes. Properties come in @actions/core's order and escaping.
    Like the text printer, paths are relative to ``cwd`` (default: the current folder),
    the workspace where workflows run, so a repository in a sub-folder of the git
    checkout is annotated correctly.
    """
    lines = []
    shown = _by_severity(report, minimum)
    for i in shown:
        message = i.message + (f" — {i.hint}" if i.hint else "")
        path = display_path(report.root, i.file, cwd)
        lines.append(
            f"::{_GH_COMMAND[i.severity]} title={_gh_escape(i.code, prop=True)},"
            f"file={_gh_escape(path, prop=True)},line={i.line or 1},col={i.column or 1}"
            f"::{_gh_escape(message)}"
        )
    over = [
        f"{sum(1 for i in shown if i.severity is s)} {_GH_COMMAND[s]}s"
        for s in Severity
        if sum(1 for i in shown if i.severity is s) > GITHUB_ANNOTATION_LIMIT
    ]
    if over:
        lines.append(
            f"GitHub shows {GITHUB_ANNOTATION_LIMIT} annotations of each kind; this run has "
            + ", ".join(over)
            + ": all are listed above and in the job summary."
        )
    hidden = hidden_line(report, len(shown))
    if hidden:
        lines.append(hidden)
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


# How many issues the job summary lists (GitHub caps a step's summary at 1 MiB).
SUMMARY_ROWS = 200
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md_cell(text: str) -> str:
    """Table-cell text: one line, Markdown and HTML specials escaped."""
    one = " ".join(one_line(text).split())
    return _MD_SPECIAL.sub(r"\\\1", one.replace("&", "&amp;"))


def to_github_summary(
    report: ValidationReport,
    *,
    cwd: Path | None = None,
    strict: bool = False,
    minimum: Severity = Severity.INFO,
) -> str:
    """The Markdown job summary: verdict and counts, then a table of issues, errors first.

    The verdict and the counts are the whole report's, as the exit code is; ``minimum``
    (``--severity``) only shortens the table, and a line says how many it left out.
    """
    verdict = "failed" if report.failed(strict=strict) else "passed"
    lines = [
        f"## itsmkit validate: {verdict}",
        "",
        _md_cell(summary_line(report)),
        "",
    ]
    reason = strict_reasons(report) if strict else None
    if reason:
        lines += [_md_cell(reason), ""]
    issues = _by_severity(report, minimum)
    hidden = hidden_line(report, len(issues))
    if hidden:
        lines += [_md_cell(hidden), ""]
    if issues:
        lines += ["| severity | file | line | rule | message |", "| --- | --- | --- | --- | --- |"]
        for i in issues[:SUMMARY_ROWS]:
            message = i.message + (f" (hint: {i.hint})" if i.hint else "")
            path = display_path(report.root, i.file, cwd)
            lines.append(
                f"| {severity_word(i.severity)} | {_md_cell(path)} | {i.line or 1}:{i.column or 1} "
                f"| {_md_cell(i.code)} | {_md_cell(message)} |"
            )
        if len(issues) > SUMMARY_ROWS:
            lines += ["", f"…and {len(issues) - SUMMARY_ROWS} more: run `itsmkit validate`."]
    return "\n".join(lines) + "\n"


def append_github_summary(
    report: ValidationReport,
    *,
    cwd: Path | None = None,
    strict: bool = False,
    minimum: Severity = Severity.INFO,
    environ: Mapping[str, str] | None = None,
) -> Path | None:
    """Append the job summary to ``$GITHUB_STEP_SUMMARY`` if set; return that file.

    GitHub gives each step that file to append Markdown to (appending, not replacing, is
    its contract, so other steps' summaries stay).
    """
    target = (os.environ if environ is None else environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(to_github_summary(report, cwd=cwd, strict=strict, minimum=minimum))
    return path
