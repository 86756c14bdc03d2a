"""``itsmkit rename OLD NEW``: rename an id and update every reference to it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import repo_option


def rename(
    old: Annotated[str, typer.Argument(help="The id to rename.", metavar="OLD")],
    new: Annotated[str, typer.Argument(help="Its new id (must be free).", metavar="NEW")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="List the edits and write nothing.")
    ] = False,
    repo: Annotated[Path, repo_option()] = Path(),
) -> None:
    """Rename an artefact's id and every reference to it, changing nothing else in any file.

    Comments, order, quoting and layout are kept: `git diff` shows only the renamed ids.
    Mentions of the id in free text are listed, not changed. Refuses an id that exists.
    All files are written, or none.
    """
    from itsmkit.edit.printers import rename_text
    from itsmkit.edit.rename import apply_rename, plan_rename
    from itsmkit.query.index import build_index
    from itsmkit.repo.loader import load_repository

    index = build_index(load_repository(repo))
    plan = plan_rename(index, old, new)
    if not dry_run:
        apply_rename(index, plan)
    typer.echo(rename_text(plan, written=not dry_run), nl=False)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(rename)
