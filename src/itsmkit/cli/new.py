"""``itsmkit new KIND [ID]``: a new record or artefact from a starter, valid at once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import repo_option


def new(
    kind: Annotated[
        str,
        typer.Argument(
            help="incident, service-request, problem, change, complaint, action, minutes, "
            "service-report, satisfaction-survey, management-review, offer-review, "
            "cost-report, capacity-review, security-review or certification.",
            metavar="KIND",
        ),
    ],
    artefact_id: Annotated[
        str | None,
        typer.Argument(help="Its id (default: the next free id of the kind).", metavar="ID"),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            metavar="FIELD=VALUE",
            help="Set a top-level field, as YAML (e.g. --set priority=P1 --set 'services=[SVC-WEB]'). "
            "Repeat for several.",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            help="Date it (YYYY-MM-DD; default: itsmkit.yaml's reference_date, else today).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Print what would be written; write nothing.")
    ] = False,
    repo: Annotated[Path, repo_option()] = Path(),
) -> None:
    """Create a record or artefact from a starter in the repository's language.

    It gets the next free id, today's date, the owner of its process, references to
    artefacts that exist, and [[placeholders]] to fill in (validate warns until they are).
    Records kept in batch files are appended to this period's batch file.
    """
    import datetime as dt

    from itsmkit.cli.common import day
    from itsmkit.edit.new import plan_new, write_new
    from itsmkit.query.index import build_index
    from itsmkit.repo.loader import load_repository

    index = build_index(load_repository(repo))
    reference = index.repo.config.reference_date if index.repo.config else None
    as_of = day(today, "--today") or reference or dt.date.today()
    planned = plan_new(index, kind, artefact_id=artefact_id, sets=sets, today=as_of)
    if dry_run:
        typer.echo(planned.text, nl=False)
        typer.echo(
            f"would {'append to' if planned.appended else 'create'} {planned.file}", err=True
        )
        return
    write_new(index, planned)
    how = "appended to the batch" if planned.appended else "a new file"
    typer.echo(f"written {planned.file}: {planned.id} ({how})")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(new)
