"""``itsmkit validate``: check every artefact of a company repository."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperCommand

from itsmkit.cli.common import write_output
from itsmkit.cli.options import (
    POSITIONAL_REPO_HELP,
    force_option,
    format_option,
    no_cache_option,
    output_option,
    pick_repo,
    repo_option,
    today_option,
)

if TYPE_CHECKING:
    from typer._click import Context

    from itsmkit.changed import Scope

FORMATS = ("text", "json", "junit", "sarif", "github")


def validate(
    path: Annotated[
        Path,
        typer.Argument(help=POSITIONAL_REPO_HELP),
    ] = Path(),
    repo: Annotated[Path | None, repo_option()] = None,
    output_format: Annotated[str, format_option(FORMATS)] = "text",
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings as well as errors.")
    ] = False,
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes reading files (default: automatic for large trees; 1 = none).",
        ),
    ] = None,
    today: Annotated[
        str | None, today_option(help="Judge review and future dates as of this day (YYYY-MM-DD).")
    ] = None,
    no_cache: Annotated[bool, no_cache_option()] = False,
    severity: Annotated[
        str,
        typer.Option(
            "--severity",
            help="Show issues of this severity or worse: error, warning or note (all formats;"
            " the exit code still counts every issue).",
            case_sensitive=False,
            metavar="LEVEL",
        ),
    ] = "note",
    changed: Annotated[
        str | None,
        typer.Option(
            "--changed",
            metavar="[REV]",
            help="Report only on files changed since REV (default HEAD: staged, unstaged and"
            " untracked changes) and the files they affect: those referring to an id a"
            " changed or deleted file defines, those defining an id it refers to, and those"
            " whose issues the change alters. Each issue is the full run's. 'BRANCH...'"
            " compares with the merge base (a pull request). Issues of itsmkit.yaml and of"
            " the tree always show: they change how every file is read.",
        ),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="List every placeholder (text shows one line per file with the count).",
        ),
    ] = False,
) -> None:
    """Validate every artefact and report each issue with file, line and column.

    With --format github, errors come first (GitHub shows 10 annotations of each kind)
    and a Markdown summary is appended to $GITHUB_STEP_SUMMARY when it is set.

    Exit codes: 0 clean, 1 issues that fail validation, 2 usage or bad input, 3 internal error (a bug).
    """
    path = pick_repo(path, repo)
    from itsmkit.cli.common import choice, day
    from itsmkit.report.arrange import SEVERITY_WORDS, at_least
    from itsmkit.validator import report as run

    fmt = choice(output_format, FORMATS, "--format")
    minimum = SEVERITY_WORDS[choice(severity, tuple(SEVERITY_WORDS), "--severity")]
    from itsmkit.cli.progress import file_progress

    with file_progress("reading files") as progress:
        if changed is not None:
            from itsmkit.changed import validate_changed

            full, scope = validate_changed(
                path,
                changed,
                today=day(today, "--today"),
                jobs=jobs,
                cache=not no_cache,
                progress=progress,
            )
            typer.echo(scope_line(scope), err=True)
        else:
            full = run(
                path, today=day(today, "--today"), jobs=jobs, cache=not no_cache, progress=progress
            )
    failed = full.failed(strict=strict)
    # Machine formats list what --severity shows, each issue whole; text summarises.
    report = replace(full, issues=at_least(full.issues, minimum))
    if fmt == "text" and output is None:
        from itsmkit.cli.common import stdout_console

        console = stdout_console()
        if console.is_terminal:
            from itsmkit.report.console import print_report

            print_report(full, console, minimum=minimum, verbose=verbose, strict=strict)
        else:
            from itsmkit.report.text import to_text

            typer.echo(to_text(full, minimum=minimum, verbose=verbose, strict=strict), nl=False)
    else:
        from itsmkit.report import issues as printers

        text = {
            "text": lambda: printers.to_text(full, minimum=minimum, verbose=verbose, strict=strict),
            "json": lambda: printers.to_json(report),
            "junit": lambda: printers.to_junit(report, strict=strict),
            "sarif": lambda: printers.to_sarif(report),
            "github": lambda: printers.to_github(full, minimum=minimum),
        }[fmt]()
        write_output(text, output, force=force)
        if fmt == "github":  # and the job summary (whole report's verdict), if GitHub asks
            printers.append_github_summary(full, strict=strict, minimum=minimum)
    raise typer.Exit(1 if failed else 0)


def scope_line(scope: Scope) -> str:
    """One line on stderr saying what ``--changed`` compared and checked."""
    if scope.whole:
        return f"--changed {scope.rev}: {scope.whole}, so every file is checked"
    gone = f", {len(scope.deleted)} deleted" if scope.deleted else ""
    others = len(scope.files) - len(scope.changed)
    return (
        f"--changed {scope.rev}: {len(scope.changed)} changed file(s){gone};"
        f" {len(scope.files)} checked ({others} affected by the change)"
    )


class OptionalRevCommand(TyperCommand):
    """``--changed`` with an optional value: bare, or before another option, it means HEAD.

    Typer's parser has no optional option values, so the missing one is filled in
    before parsing (the same rule as click's: a following word is taken as REV).
    """

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """Fill in HEAD after a bare ``--changed``, then parse as usual."""
        filled: list[str] = []
        for n, arg in enumerate(args):
            filled.append(arg)
            if arg == "--":
                filled.extend(args[n + 1 :])
                break
            if arg == "--changed" and (n + 1 == len(args) or args[n + 1].startswith("-")):
                filled.append("HEAD")
        return super().parse_args(ctx, filled)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command(cls=OptionalRevCommand)(validate)
