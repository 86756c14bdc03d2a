"""``itsmkit rules``: the catalogue of validation rules."""

from __future__ import annotations

from typing import Annotated

import typer

from itsmkit.cli.options import format_option

FORMATS = ("text", "md", "json")


def rules(output_format: Annotated[str, format_option(FORMATS)] = "text") -> None:
    """List every validation rule with its code, severity, what it checks and how to fix it."""
    from itsmkit.catalogue import RULES
    from itsmkit.cli.common import choice
    from itsmkit.report.rules import rules_json, rules_markdown

    output_format = choice(output_format, FORMATS, "--format")
    if output_format == "md":
        typer.echo(rules_markdown(), nl=False)
    elif output_format == "json":
        typer.echo(rules_json(), nl=False)
    else:
        for rule in RULES.values():
            typer.echo(f"{rule.code:<22} {rule.severity.value:<8} {rule.checks}")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(rules)
