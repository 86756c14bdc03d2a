"""Helpers shared by command modules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console


def stdout_console() -> Console:
    """A rich console on standard output (plain when not a terminal)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def write_output(text: str, output: Path | None) -> None:
    """Print ``text``, or write it atomically to ``output``."""
    if output is None:
        typer.echo(text, nl=False)
        return
    from itsmkit.fsutil import atomic_write_text

    atomic_write_text(output, text)
    typer.echo(f"wrote {output}", err=True)
