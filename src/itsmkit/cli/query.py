"""``itsmkit list``, ``show`` and ``due``: questions about the repository, answered read-only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import force_option, repo_option

Repo = Annotated[Path, repo_option()]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of printing.")
]


def list_(
    kind: Annotated[
        str | None, typer.Argument(help="Only this kind (see `itsmkit kinds`).", metavar="KIND")
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            "-w",
            metavar="COND",
            help="Keep artefacts where FIELD=VALUE (also !=, >=, <=, >, <; dotted fields such as "
            "targets.availability; dates compare as dates). Repeat to combine.",
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", help="Output: text, json, csv or xlsx (with -o FILE.xlsx)."),
    ] = "text",
    repo: Repo = Path(),
    output: Output = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    """List artefacts (a register of records, documents, parties), filtered by kind and fields."""
    from itsmkit.cli.common import choice, say_written, write_output
    from itsmkit.query.listing import list_artefacts
    from itsmkit.query.printers import listing_csv, listing_json, listing_text
    from itsmkit.repo.loader import load_repository

    fmt = choice(output_format, ("text", "json", "csv", "xlsx"), "--format")
    listing = list_artefacts(load_repository(repo), kind=kind, where=where)
    if fmt == "xlsx":
        from itsmkit.report.xlsx import listing_sheets, write_xlsx

        say_written(write_xlsx(output, listing_sheets(listing), force=force), output)
        return
    printer = {"text": listing_text, "json": listing_json, "csv": listing_csv}[fmt]
    write_output(printer(listing), output, force=force)


def show(
    artefact_id: Annotated[str, typer.Argument(help="The artefact's id.", metavar="ID")],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output: text or json.")
    ] = "text",
    repo: Repo = Path(),
) -> None:
    """Show one artefact: its file:line, its fields, what it references and what references it."""
    from itsmkit.cli.common import choice, write_output
    from itsmkit.query.index import build_index
    from itsmkit.query.printers import shown_json, shown_text
    from itsmkit.query.show import show as show_artefact
    from itsmkit.repo.loader import load_repository

    fmt = choice(output_format, ("text", "json"), "--format")
    shown = show_artefact(build_index(load_repository(repo)), artefact_id)
    write_output(shown_json(shown) if fmt == "json" else shown_text(shown), None)


def due(
    within: Annotated[
        str,
        typer.Option(
            "--within",
            metavar="DAYS",
            help="How far ahead to look: 30d, 8w, 3m or a number of days.",
        ),
    ] = "30d",
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            help="Judge as of this day (YYYY-MM-DD; default: itsmkit.yaml's reference_date, else today).",
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Output: text, json or ics (a calendar file).")
    ] = "text",
    repo: Repo = Path(),
    output: Output = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    """List what falls due: reviews, service reports, actions, meetings, surveys, certificates, audits.

    Overdue items are listed too, first. Exit code 0 whether or not anything is due.
    """
    import datetime as dt

    from itsmkit.cli.common import choice, day, write_output
    from itsmkit.query.due import due_items, parse_within
    from itsmkit.query.index import build_index
    from itsmkit.query.printers import due_ics, due_json, due_text
    from itsmkit.repo.loader import load_repository

    fmt = choice(output_format, ("text", "json", "ics"), "--format")
    days = parse_within(within)
    loaded = load_repository(repo)
    reference = loaded.config.reference_date if loaded.config else None
    as_of = day(today, "--today") or reference or dt.date.today()
    found = due_items(build_index(loaded), today=as_of, within=days)
    if fmt == "ics":
        organisation = loaded.config.organisation if loaded.config else ""
        text = due_ics(found, organisation)
    else:
        text = due_json(found) if fmt == "json" else due_text(found)
    write_output(text, output, force=force)


def register(app: typer.Typer) -> None:
    """Add the commands to the application."""
    app.command("list")(list_)
    app.command()(show)
    app.command()(due)
