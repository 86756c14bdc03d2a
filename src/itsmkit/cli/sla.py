"""``itsmkit sla``: SLA attainment computed from the incident and service request records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import repo_option

FORMATS = ("text", "json", "md")


def sla(
    sla_id: Annotated[
        str | None,
        typer.Argument(metavar="[SLA-ID]", help="The SLA to measure (default: every SLA)."),
    ] = None,
    repo: Annotated[Path, repo_option()] = Path(),
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            metavar="PERIOD",
            help="One period: a month YYYY-MM, a quarter YYYY-Qn, a year YYYY "
            "(default: every period of the SLA's measurement window that has tickets).",
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output: text, json or md.")
    ] = "text",
) -> None:
    """Print per-priority response and resolution attainment, availability and breaches.

    Times count within the SLA's service hours (or 24x7, as the SLA says); see docs/sla.md.
    Exit codes: 0 done (breaches are reported, not failed), 2 usage error.
    """
    from itsmkit.cli.common import choice, warn_unreadable, write_output

    fmt = choice(output_format, FORMATS, "--format")
    from itsmkit.sla.printers import to_json, to_markdown, to_text
    from itsmkit.sla.runner import measure, period_option

    measured = measure(repo, sla_id, period_option(period))
    printer = {"text": to_text, "json": to_json, "md": to_markdown}[fmt]
    write_output(printer(measured.results), None)
    warn_unreadable(measured.unreadable)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(sla)
