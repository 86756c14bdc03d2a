"""``itsmkit checklist``: evaluate the shipped checklists on the repository's artefacts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import (
    force_option,
    format_option,
    output_option,
    repo_alias_option,
    repo_option,
)

FORMATS = ("text", "md", "csv", "json", "xlsx")
DEFAULT_PATH = Path()


def checklist(
    target: Annotated[
        str | None,
        typer.Argument(
            help="A checklist or kind (sla, uc, service, ...) or an artefact id; default: all."
        ),
    ] = None,
    repo_path: Annotated[Path, repo_option()] = DEFAULT_PATH,
    old_repo: Annotated[Path | None, repo_alias_option()] = None,
    list_only: Annotated[
        bool, typer.Option("--list", help="List the shipped checklists and exit.")
    ] = False,
    output_format: Annotated[str, format_option(FORMATS)] = "text",
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    """Check artefacts item by item (pass / fail / n/a) with the file and field that prove it.

    Exit codes: 0 nothing fails, 1 some item fails, 2 usage or bad input, 3 internal error (a bug).
    """
    from itsmkit.cli.frameworks import emit

    if list_only:
        from itsmkit.frameworks.checklist import shipped_checklists
        from itsmkit.frameworks.views import checklists_list

        rows = shipped_checklists()
        emit(
            checklists_list(rows),
            "checklists",
            {"checklists": rows},
            output_format,
            output,
            force=force,
        )
        return
    from itsmkit.frameworks.checklist import evaluate
    from itsmkit.frameworks.views import checklist_report
    from itsmkit.repo.loader import load_repository

    repo = load_repository(old_repo if old_repo is not None else repo_path)
    result = evaluate(repo, target)
    emit(
        checklist_report(result), "checklist", result.to_dict(), output_format, output, force=force
    )
    raise typer.Exit(1 if result.counts["fail"] else 0)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(checklist)
