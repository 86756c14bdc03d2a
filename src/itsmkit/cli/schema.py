"""``itsmkit schema``: write the JSON Schemas of every artefact kind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import force_option


def schema(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the schemas into.")
    ] = Path("schemas"),
    force: Annotated[
        bool, force_option(help="Replace schema files that differ (after a model change).")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if the folder is not up to date.")
    ] = False,
) -> None:
    """Write one JSON Schema per artefact kind, plus batch, config and combined schemas."""
    from itsmkit.schemagen import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(output)
        for name in stale:
            typer.echo(f"out of date: {output / name}")
        if stale:
            typer.echo("run `itsmkit schema --force` to regenerate", err=True)
        raise typer.Exit(1 if stale else 0)
    changed = write_schemas(output, force=force)
    typer.echo(f"{len(changed)} schema file(s) written to {output}")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(schema)
