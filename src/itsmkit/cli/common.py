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


def write_output(data: str | bytes, output: Path | None, *, force: bool = False) -> None:
    """Print ``data``, or write it to ``output`` under the one overwrite policy.

    The policy (:func:`itsmkit.fsutil.write_output`): an existing file that differs is
    refused without ``force``; an identical one is left alone; writes are atomic.
    """
    if output is None or str(output) == "-":
        if isinstance(data, bytes):
            from itsmkit.errors import UsageError

            raise UsageError("this output is binary and needs --output FILE")
        typer.echo(data, nl=False)
        return
    from itsmkit.fsutil import write_output as write

    say_written(write(output, data, force=force), output)


def warn_unreadable(files: int) -> None:
    """Warn on standard error that ``files`` files with errors left their records uncounted.

    The one wording of ``sla`` and ``report``, which both compute from the records.
    """
    if files:
        typer.echo(
            f"itsmkit: warning: {files} file(s) have errors; their records are "
            "not counted (run `itsmkit validate`)",
            err=True,
        )


def say_written(status: str, path: object, detail: str = "") -> None:
    """Say on standard error what became of a file: ``written``, ``overwritten``, ``unchanged``.

    The one wording of every command for a file it wrote (the statuses of
    :func:`itsmkit.fsutil.write_output`), as ``render`` lists its outputs.
    """
    typer.echo(f"{status} {path}{detail}", err=True)
