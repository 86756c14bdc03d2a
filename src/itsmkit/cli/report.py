"""``itsmkit report``: write a draft service report computed from the records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import repo_option


def report(
    sla_id: Annotated[str, typer.Argument(metavar="SLA-ID", help="The SLA to report on.")],
    period: Annotated[
        str,
        typer.Option(
            "--period",
            "-p",
            metavar="PERIOD",
            help="The period reported: a month YYYY-MM, a quarter YYYY-Qn or a year YYYY.",
        ),
    ],
    repo: Annotated[Path, repo_option()] = Path(),
    author: Annotated[
        str | None,
        typer.Option("--author", help="Person id of the author (default: the SLA's owner)."),
    ] = None,
    issued_on: Annotated[
        str | None,
        typer.Option("--issued-on", metavar="DATE", help="Issue date YYYY-MM-DD (default: today)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace an existing draft or unstated report of that SLA and period "
            "(keeping its comments, alerts, summary and breach actions). Never an approved one.",
        ),
    ] = False,
) -> None:
    """Write a draft service report whose figures and breaches come from the records.

    The report is written with `status: draft`, under records/YYYY-MM/, for review and
    approval. An approved report is never overwritten; another existing one only with --force.
    Exit codes: 0 written, 2 usage error or refusal to overwrite.
    """
    from itsmkit.cli.common import day, say_written, warn_unreadable
    from itsmkit.errors import UsageError
    from itsmkit.sla.report import write_report
    from itsmkit.sla.runner import period_option

    chosen = period_option(period)
    if chosen is None:  # pragma: no cover - typer makes --period required
        raise UsageError("--period is required")
    written = write_report(
        repo, sla_id, chosen, author=author, issued_on=day(issued_on, "--issued-on"), force=force
    )
    verb = "overwritten" if written.replaced else "written"
    say_written(
        verb,
        written.path,
        f" ({written.id}, draft, {written.breaches} breach(es)); "
        "review it, then set `status: approved`",
    )
    warn_unreadable(written.unreadable)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(report)
