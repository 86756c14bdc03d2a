"""Rich rendering of a validation report for a terminal."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from itsmkit.issues import Severity
from itsmkit.report.arrange import arrange, at_least
from itsmkit.report.text import display_path, hidden_line, strict_reasons, summary_line
from itsmkit.validator import ValidationReport

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def print_report(
    report: ValidationReport,
    console: Console,
    *,
    cwd: Path | None = None,
    minimum: Severity = Severity.INFO,
    verbose: bool = False,
    strict: bool = False,
) -> None:
    """Print issues errors first, under their file's name, then the summary line.

    As :func:`itsmkit.report.text.to_text`: ``minimum`` severity, placeholders one
    line per file unless ``verbose``, and with ``strict`` the warnings that fail.
    """
    current = None
    shown = at_least(report.issues, minimum)
    for issue in arrange(shown, verbose=verbose):
        path = display_path(report.root, issue.file, cwd)
        if path != current:
            current = path
            console.print(Text(path, style="bold underline"))
        line = Text("  ")
        line.append(f"{issue.line or 1}:{issue.column or 1}", style="dim")
        line.append("  ")
        line.append(f"{issue.severity.value:<7}", style=_STYLE[issue.severity])
        line.append(f" {issue.code}", style="magenta")
        line.append(f"  {issue.message}")
        console.print(line)
        if issue.hint:
            console.print(Text(f"           {issue.hint}", style="dim italic"))
    if report.count(Severity.ERROR):
        style = "bold red"
    elif report.count(Severity.WARNING):
        style = "yellow"
    else:
        style = "bold green"
    console.print(Text(summary_line(report), style=style))
    for extra in (hidden_line(report, len(shown)), strict_reasons(report) if strict else None):
        if extra:
            console.print(Text(extra, style=style))
