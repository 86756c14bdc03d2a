"""The ``itsmkit`` Typer application and the one place errors become exit codes.

Exit codes, fixed and documented:
  0  the command succeeded and found nothing that fails it;
  1  the command ran and found issues that fail it (validation errors, --fail-under...);
  2  usage error, bad input that prevents running, or internal error.

Command modules import heavy libraries inside their functions so ``itsmkit --help``
stays fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from itsmkit import __version__

EXIT_OK, EXIT_ISSUES, EXIT_USAGE = 0, 1, 2


def _err(message: str, hint: str | None = None) -> None:
    typer.echo(f"itsmkit: error: {message}", err=True)
    if hint:
        typer.echo(f"  hint: {hint}", err=True)


class FunnelGroup(TyperGroup):
    """Turns library errors into messages and exit code 2, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; turn expected errors into messages and exit codes."""
        from itsmkit.errors import ItsmkitError

        try:
            return super().invoke(ctx)
        except ItsmkitError as exc:
            _err(str(exc), exc.hint)
            raise typer.Exit(EXIT_USAGE) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except KeyboardInterrupt:
            _err("interrupted")
            raise typer.Exit(130) from None
        except Exception as exc:
            if os.environ.get("ITSMKIT_DEBUG"):
                raise
            _err(
                f"internal error: {type(exc).__name__}: {exc}",
                "This is a bug in itsmkit; rerun with ITSMKIT_DEBUG=1 for a traceback and report it.",
            )
            raise typer.Exit(EXIT_USAGE) from None


app = typer.Typer(
    name="itsmkit",
    cls=FunnelGroup,
    help="Keep an ISO/IEC 20000 service management system as YAML files in git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: importing rich's help renderer (markdown, tracebacks,
    # syntax) doubled the start-up time, and plain text stays stable for docs and tests.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"itsmkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """Keep an ISO/IEC 20000 service management system as YAML files in git."""


def _register() -> None:
    from itsmkit.cli import (
        audit,
        checklist,
        frameworks,
        init,
        kinds,
        new,
        query,
        rename,
        render,
        rules,
        schema,
        site,
        trace,
        validate,
    )

    for module in (
        init,
        validate,
        schema,
        kinds,
        rules,
        render,
        audit,
        frameworks,
        checklist,
        trace,
        query,
        new,
        rename,
        site,
    ):
        module.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    app(prog_name="itsmkit")
    sys.exit(EXIT_OK)
