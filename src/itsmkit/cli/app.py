"""The ``itsmkit`` Typer application and the one place errors become exit codes.

Exit codes, fixed and documented (README, docs/cli.md):
  0  the command succeeded and found nothing that fails it;
  1  the command ran and found issues that fail it (validation errors, --fail-under...);
  2  usage error, or bad input that prevents running (bad path, invalid itsmkit.yaml...);
  3  internal error: a bug in itsmkit, to be reported;
  130 interrupted (Ctrl-C).

Each library error class carries its exit code and a stable code (``itsmkit.errors``), so
the funnel below maps any of them, including classes added later, without a table here.
With ``--format json`` an error is printed as the JSON error envelope on standard output.

Command modules import heavy libraries inside their functions so ``itsmkit --help``
stays fast.
"""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from itsmkit import __version__
from itsmkit.errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE

EXIT_INTERRUPTED = 130
BUG_HINT = (
    "This is a bug in itsmkit, not in your files: please report it with the command you ran "
    "and the traceback that ITSMKIT_DEBUG=1 prints."
)


def _err(message: str, hint: str | None = None) -> None:
    typer.echo(f"itsmkit: error: {message}", err=True)
    if hint:
        typer.echo(f"  hint: {hint}", err=True)


def _format_options(command: Any) -> tuple[str, ...]:
    """The option names of a command's ``--format`` (none if it has no such option)."""
    for param in getattr(command, "params", ()):
        opts = tuple(getattr(param, "opts", ()))
        if "--format" in opts:
            return opts + tuple(getattr(param, "secondary_opts", ()))
    return ()


def wants_json(args: Sequence[str], options: Sequence[str]) -> bool:
    """Whether ``args`` ask for ``--format json`` (any spelling click accepts)."""
    wanted = False
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value: str | None = None
        if arg in options and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--") and "=" in arg and arg.split("=", 1)[0] in options:
            value = arg.split("=", 1)[1]
        else:
            short = [o for o in options if len(o) == 2 and not o.startswith("--")]
            for opt in short:
                if arg.startswith(opt) and len(arg) > 2:
                    value = arg[2:]
        if value is not None:
            wanted = value.lower() == "json"  # the last --format given wins, as in click
    return wanted


class FunnelGroup(TyperGroup):
    """Turns every error into a message (or a JSON envelope) and its exit code, never a traceback."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Refuse an empty argument: as a path it would silently mean the current folder."""
        if "" in args:
            from typer._click.exceptions import UsageError  # the click typer runs

            raise UsageError(
                "an empty argument was given (an unset shell variable?); "
                "write `.` for the current folder, or `-o -` for standard output",
                ctx,
            )
        return list(super().parse_args(ctx, args))

    def invoke(self, ctx: Any) -> Any:
        """Run the command; turn errors into messages and exit codes."""
        from itsmkit.errors import ItsmkitError

        args = [*getattr(ctx, "_protected_args", ()), *ctx.args]
        command = self.get_command(ctx, args[0]) if args else None
        json_out = wants_json(args[1:], _format_options(command) or ("--format", "-f"))
        name = args[0] if command is not None else None
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort):
            raise
        except ItsmkitError as exc:
            _fail(name, json_out, exc.code, str(exc), exc.hint, exc.exit_code, exc.details())
        except typer.TyperException as exc:
            # click's usage errors (unknown option, missing argument...): click prints them,
            # unless JSON was asked for.
            if not json_out or not hasattr(exc, "format_message"):
                raise
            shown = f"itsmkit {name} --help" if name else "itsmkit --help"
            hint = f"Run `{shown}` for the options."
            exit_code = getattr(exc, "exit_code", EXIT_USAGE)
            code = "usage" if exit_code == EXIT_USAGE else "cli-error"
            _fail(name, True, code, exc.format_message(), hint, exit_code, {})
        except OSError as exc:  # a fault of the file system, named: never "a bug"
            if isinstance(exc, BrokenPipeError):  # `itsmkit list | head`: reader had enough
                from itsmkit.cli.pipes import stdout_closed, stdout_is_closed

                if stdout_is_closed():
                    raise typer.Exit(stdout_closed()) from None
            from itsmkit.errors import FileSystemError

            named = FileSystemError.of(exc)
            _fail(
                name, json_out, named.code, str(named), named.hint, named.exit_code, named.details()
            )
        except KeyboardInterrupt:
            _fail(name, json_out, "interrupted", "interrupted", None, EXIT_INTERRUPTED, {})
        except Exception as exc:
            if os.environ.get("ITSMKIT_DEBUG"):
                raise
            message = f"internal error: {type(exc).__name__}: {exc}"
            _fail(name, json_out, "internal-error", message, BUG_HINT, EXIT_INTERNAL, {})


def _fail(
    command: str | None,
    json_out: bool,
    code: str,
    message: str,
    hint: str | None,
    exit_code: int,
    details: dict[str, Any],
) -> NoReturn:
    _err(message, hint)
    if json_out:
        from itsmkit.envelope import dumps
        from itsmkit.report.error_envelope import error_envelope

        data = error_envelope(
            code=code,
            message=message,
            hint=hint,
            exit_code=exit_code,
            command=command,
            details=details,
        )
        typer.echo(dumps(data), nl=False)
    raise typer.Exit(exit_code) from None


app = typer.Typer(
    name="itsmkit",
    cls=FunnelGroup,
    help="Keep an ISO/IEC 20000 service management system as YAML files in git.",
    no_args_is_help=True,
    add_completion=True,
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
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Keep an ISO/IEC 20000 service management system as YAML files in git."""


def _register() -> None:
    from itsmkit.cli import (
        audit,
        cache,
        checklist,
        frameworks,
        import_,
        init,
        kinds,
        new,
        query,
        rename,
        render,
        report,
        rules,
        schema,
        site,
        sla,
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
        import_,
        sla,
        report,
        site,
        cache,
    ):
        module.register(app)


_register()


def _tolerant_streams() -> None:
    """On a terminal that cannot show every character (ASCII...), escape them, never fail."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(errors="backslashreplace")


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__).lower().replace("_", "-")


def app_for(args: Sequence[str]) -> typer.Typer:
    """The application, holding only the command that ``args`` name first when they do.

    Typer builds every command's parameters before it parses anything (~20 ms for all of
    them, every run); a run needs only the one it invokes. The whole application stays
    for everything else: no command or an option first (``--help``, ``--version``), an
    unknown name (click suggests the close ones), and shell completion.
    """
    if not args or args[0].startswith("-") or os.environ.get("_ITSMKIT_COMPLETE"):
        return app
    name = args[0]
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    one = copy.copy(app)
    one.registered_commands = commands
    one.registered_groups = groups
    return one


def main() -> None:
    """Console-script entry point."""
    _tolerant_streams()
    # No pydantic plugin is used: without this, the first model built scans every
    # installed distribution's entry points (importlib.metadata, ~20 ms per command).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app_for(sys.argv[1:])(prog_name="itsmkit")
        status: Any = EXIT_OK
    except SystemExit as done:
        status = done.code
    try:  # what is still buffered, while a closed pipe can be told (see cli/pipes.py)
        sys.stdout.flush()
    except BrokenPipeError:
        from itsmkit.cli.pipes import stdout_closed

        status = stdout_closed()
    sys.exit(status)
