"""``itsmkit kinds``: list the artefact kinds a repository may hold."""

from __future__ import annotations

from typing import Annotated

import typer

from itsmkit.cli.options import format_option

FORMATS = ("text", "json")


def kinds(output_format: Annotated[str, format_option(FORMATS)] = "text") -> None:
    """List every artefact kind with its family (document, record, entity)."""
    from itsmkit.cli.common import choice
    from itsmkit.model.base import describe
    from itsmkit.model.registry import KINDS

    rows = [describe(model) for model in KINDS.values()]
    if choice(output_format, FORMATS, "--format") == "json":
        from itsmkit.envelope import dumps, envelope

        typer.echo(dumps(envelope("kinds", {"kinds": rows})), nl=False)
        return
    width = max(len(r["kind"]) for r in rows)
    for r in rows:
        batch = "  (batchable)" if r["batchable"] else ""
        typer.echo(f"{r['kind']:<{width}}  {r['family']:<8}  {r['title_en']}{batch}")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(kinds)
