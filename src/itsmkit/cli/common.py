"""Helpers shared by command modules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, overload

import typer

if TYPE_CHECKING:
    from rich.console import Console


@overload
def choice(value: str, options: tuple[str, ...], option: str) -> str: ...
@overload
def choice(value: None, options: tuple[str, ...], option: str) -> None: ...
def choice(value: str | None, options: tuple[str, ...], option: str) -> str | None:
    """``value`` lower-cased if it is one of ``options``; a usage error otherwise."""
    if value is None:
        return None
    from itsmkit.errors import UsageError

    if value.lower() not in options:
        raise UsageError(
            f"{option} {value!r} is not allowed", hint="Use one of: " + ", ".join(options) + "."
        )
    return value.lower()


def day(value: str | None, option: str) -> dt.date | None:
    """Parse a YYYY-MM-DD option; a usage error if it is not a date."""
    if value is None:
        return None
    from itsmkit.errors import UsageError

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option} {value!r} is not a date", hint="Write it as YYYY-MM-DD."
        ) from None


def stdout_console() -> Console:
    """A rich console on standard output (plain when not a terminal)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def write_output(text: str, output: Path | None) -> None:
    """Print ``text``, or write it atomically to ``output``."""
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
        return
    from itsmkit.fsutil import atomic_write_text

    atomic_write_text(output, text)
    typer.echo(f"wrote {output}", err=True)
