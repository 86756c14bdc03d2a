"""``itsmkit cache``: look at or clear what validation remembers of unchanged files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import repo_option

cache_app = typer.Typer(
    help="Manage the cache of file results in .itsmkit/cache/ (never committed; safe to delete).",
    no_args_is_help=True,
)


@cache_app.command()
def clear(repo: Annotated[Path, repo_option()] = Path()) -> None:
    """Delete the repository's cache: the next run reads and validates every file again."""
    from itsmkit.repo.cache import CACHE_DIR
    from itsmkit.repo.cache import clear as clear_cache
    from itsmkit.repo.root import find_root

    root = find_root(repo)
    removed = clear_cache(root)
    typer.echo(f"removed {removed} file(s) from {CACHE_DIR}" if removed else "no cache to clear")


def register(app: typer.Typer) -> None:
    """Add the command group to the application."""
    app.add_typer(cache_app, name="cache")
