"""``itsmkit audit``: the mock audit, a readiness report with graded findings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import (
    POSITIONAL_REPO_HELP,
    as_of_option,
    force_option,
    format_option,
    output_option,
    pick_repo,
    repo_option,
)

FORMATS = ("text", "md", "docx", "json")
GRADES = ("major", "minor", "observation", "opportunity")


def audit(
    path: Annotated[Path, typer.Argument(help=POSITIONAL_REPO_HELP)] = Path(),
    repo: Annotated[Path | None, repo_option()] = None,
    standard: Annotated[
        str | None,
        typer.Option(
            "--standard",
            "-s",
            help="Edition to audit against: iso20000-1:2018 or iso20000-1:2005 (default: itsmkit.yaml).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        as_of_option(
            help="Audit the repository as committed on this day (YYYY-MM-DD), as an auditor saw it then."
        ),
    ] = None,
    output_format: Annotated[str, format_option(FORMATS)] = "text",
    output: Annotated[
        Path | None,
        output_option(help="Write the report to this file (required for docx)."),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="GRADE",
            help="Exit 1 if any finding is this grade or worse: major, minor, observation or opportunity.",
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Record this mock audit in the repository: audit report, findings, corrective actions, action plan.",
        ),
    ] = False,
    force: Annotated[bool, force_option()] = False,
) -> None:
    """Run a mock audit and say how ready the company is for certification.

    Exit codes: 0 done (and no finding at --fail-on level), 1 findings at the --fail-on level,
    2 usage or bad input, 3 internal error (a bug).
    """
    path = pick_repo(path, repo)
    from itsmkit.cli.common import choice, day, write_output
    from itsmkit.errors import UsageError

    fmt = choice(output_format, FORMATS, "--format")
    fail_grade = choice(fail_on, GRADES, "--fail-on")
    as_of_day = day(as_of, "--as-of")
    if fmt == "docx" and output is None:
        raise UsageError("--format docx needs --output FILE.docx")

    from itsmkit.audit.engine import run_audit
    from itsmkit.audit.printers import print_text, to_file_format
    from itsmkit.model.audit import Grade

    if write:
        from itsmkit.audit.writer import finish_interrupted

        finished = finish_interrupted(path)
        if finished:  # a crash-interrupted write is finished before anything new is judged
            for rel in finished:
                typer.echo(f"created {rel} (finishing an interrupted write)", err=True)
            typer.echo("the interrupted write is complete; run the command again for a new one")
            raise typer.Exit(0)
    from itsmkit.cli.progress import file_progress

    with file_progress("reading files") as progress:
        result = run_audit(path, standard=standard, as_of=as_of_day, progress=progress)
    if fmt == "text" and output is None:
        from itsmkit.cli.common import stdout_console

        print_text(result, stdout_console(), result.labels)
    else:
        write_output(to_file_format(result, fmt), output, force=force)
    if write:
        from itsmkit.audit.writer import record_audit

        for rel in record_audit(result):
            typer.echo(f"created {rel}", err=True)
    raise typer.Exit(1 if result.fails(Grade(fail_grade) if fail_grade else None) else 0)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(audit)
