"""``itsmkit import``: turn a helpdesk export into incident and service-request records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import force_option, format_option, repo_option

FORMATS = ("text", "json")


def import_(
    source: Annotated[
        str,
        typer.Argument(
            help="The helpdesk format: servicenow-events, servicenow, glpi, zammad, itop, "
            "jira-sm or csv.",
            metavar="SOURCE",
        ),
    ],
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Export file(s), read in order (a later file's ticket wins).", metavar="FILE..."
        ),
    ],
    repo: Annotated[Path, repo_option()] = Path(),
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Show what would be added, changed and left alone; write nothing."
        ),
    ] = False,
    force: Annotated[
        bool, force_option(help="Overwrite fields edited by hand with the export's values.")
    ] = False,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            "-m",
            help="The mapping file (default: imports/SOURCE.yaml in the repository, if present).",
        ),
    ] = None,
    imported_at: Annotated[
        str | None,
        typer.Option(
            "--imported-at",
            help="When the export was taken (ISO timestamp), recorded in source.imported "
            "(default: now).",
            metavar="TIMESTAMP",
        ),
    ] = None,
    output_format: Annotated[str, format_option(FORMATS)] = "text",
) -> None:
    """Import helpdesk tickets into monthly batch files under records/YYYY-MM/.

    Records are matched on the helpdesk's ticket id: importing the same export again
    changes nothing, a newer export updates the same records, and fields edited by hand are
    kept (and reported) unless --force. Unknown priorities, states or columns stop the
    import with the export's file, row and column; then nothing is written.

    Exit codes: 0 imported (or nothing to do), 1 conflicts kept, 2 usage or mapping error.
    """
    from itsmkit.cli.common import choice
    from itsmkit.cli.progress import MINIMUM_ROWS, file_progress
    from itsmkit.importers.engine import import_tickets

    fmt = choice(output_format, FORMATS, "--format")
    stamp = _timestamp(imported_at)
    with file_progress("reading export", minimum=MINIMUM_ROWS) as update:
        rows = _Rows(files, update) if update is not None else None
        result = import_tickets(
            repo,
            source,
            files,
            mapping_path=mapping,
            dry_run=dry_run,
            force=force,
            imported_at=stamp,
            progress=rows.advance if rows is not None else None,
            expect=rows.expect if rows is not None else None,
        )
    from itsmkit.report import imports as printers

    typer.echo(printers.to_json(result) if fmt == "json" else printers.to_text(result), nl=False)
    raise typer.Exit(1 if result.conflicts else 0)


def _timestamp(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    from itsmkit.errors import UsageError

    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--imported-at {text!r} is not a timestamp", hint="Write it as 2026-11-20T17:30+01:00."
        ) from None
    if value.tzinfo is None:
        raise UsageError(
            f"--imported-at {text!r} has no UTC offset", hint="Add one, e.g. +01:00 or Z."
        )
    return value


class _Rows:
    """Turn the importer's "n more rows read" into (rows read, rows in all) for the bar.

    Each export is first estimated at its line count (a CSV export's rows); a reader that
    knows better once the export is parsed (JSON) replaces its estimate.
    """

    def __init__(self, files: list[Path], update: Callable[[int, int], None]) -> None:
        self.update = update
        self.sizes = [_lines(path) for path in files]
        self.done = 0

    def advance(self, rows: int) -> None:
        """``rows`` more rows read."""
        total = sum(self.sizes)
        self.done = min(self.done + rows, total)
        self.update(self.done, total)

    def expect(self, index: int, rows: int) -> None:
        """Export ``index`` holds ``rows`` rows."""
        if 0 <= index < len(self.sizes):
            self.sizes[index] = rows
        self.update(self.done, sum(self.sizes))


def _lines(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(c.count(b"\n") for c in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return 0  # the import itself says why it cannot read it


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command(name="import")(import_)
