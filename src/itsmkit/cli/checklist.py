"""``itsmkit checklist``: evaluate the shipped checklists on the repository's artefacts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DEFAULT_PATH = Path()


def checklist(
    target: str | None = typer.Argument(
        None,
        help="A checklist or kind (sla, uc, service, ...) or an artefact id; default: all.",
    ),
    repo_path: Annotated[
        Path, typer.Option("--repo", "-r", help="The company repository (default: here).")
    ] = DEFAULT_PATH,
    list_only: bool = typer.Option(False, "--list", help="List the shipped checklists and exit."),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        help="Output: text, md, csv, json or xlsx (with -o FILE.xlsx).",
        case_sensitive=False,
    ),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of standard output."),
    ] = None,
) -> None:
    """Check artefacts item by item (pass / fail / n/a) with the file and field that prove it.

    Exit codes: 0 nothing fails, 1 some item fails, 2 usage or internal error.
    """
    from itsmkit.cli.frameworks import emit
    from itsmkit.frameworks.checklist import all_checklists

    if list_only:
        from itsmkit.frameworks.printers import Report, Table

        table = Table("Checklists", ("id", "applies to", "items", "title", "source"))
        payload = []
        for header, cl in all_checklists():
            table.rows.append(
                (cl.id, cl.applies_to, str(len(cl.items)), cl.label, header.sources[cl.source])
            )
            payload.append(
                {
                    "id": cl.id,
                    "applies_to": cl.applies_to,
                    "items": len(cl.items),
                    "title": cl.label,
                    "source": header.sources[cl.source],
                }
            )
        emit(
            Report("Shipped checklists", [], [table]),
            "checklists",
            {"checklists": payload},
            output_format,
            output,
        )
        return
    from itsmkit.frameworks.checklist import evaluate
    from itsmkit.frameworks.views import checklist_report
    from itsmkit.repo.loader import load_repository

    repo = load_repository(repo_path)
    result = evaluate(repo, target)
    emit(checklist_report(result), "checklist", result.to_dict(), output_format, output)
    raise typer.Exit(1 if result.counts["fail"] else 0)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(checklist)
