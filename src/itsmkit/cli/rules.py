"""``itsmkit rules``: the catalogue of validation rules."""

from __future__ import annotations

import typer


def rules(
    output_format: str = typer.Option("text", "--format", "-f", help="Output: text, md or json."),
) -> None:
    """List every validation rule with its code, severity, what it checks and how to fix it."""
    from itsmkit.catalogue import RULES
    from itsmkit.report.rules import rules_json, rules_markdown

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
