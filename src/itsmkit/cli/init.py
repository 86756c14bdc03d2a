"""``itsmkit init``: scaffold a company repository."""

from __future__ import annotations

from pathlib import Path

import typer


def init(
    directory: Path = typer.Argument(Path("."), help="Folder to create the repository in."),
) -> None:
    """Create a company repository (not yet implemented in this build)."""
    from itsmkit.errors import UsageError

    raise UsageError(f"init is not available yet (asked for {directory})")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(init)
