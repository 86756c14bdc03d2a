"""``itsmkit audit``: the mock audit, a readiness report with graded findings."""

from __future__ import annotations

from pathlib import Path

import typer

FORMATS = ("text", "md", "docx", "json", "xlsx")
GRADES = ("major", "minor", "observation", "opportunity")


def audit(
    path: Path = typer.Argument(
        Path(), help="The company repository (a folder holding itsmkit.yaml)."
    ),
    standard: str | None = typer.Option(
        None,
        "--standard",
        "-s",
        help="Edition to audit against: iso20000-1:2018 or iso20000-1:2005 (default: itsmkit.yaml).",
    ),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        metavar="DATE",
        help="Audit the repository as committed on this day (YYYY-MM-DD), as an auditor saw it then.",
    ),
    output_format: str = typer.Option(
        "text", "--format", "-f", help="Output: text, md, docx, json or xlsx."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report to this file (required for docx and xlsx)."
    ),
    fail_on: str | None = typer.Option(
        None,
        "--fail-on",
        metavar="GRADE",
        help="Exit 1 if any finding is this grade or worse: major, minor, observation or opportunity.",
    ),
    write: bool = typer.Option(
        False,
        "--write",
        help="Record this mock audit in the repository: audit report, findings, corrective actions, action plan.",
    ),
    force: bool = typer.Option(
        False, "--force", help="With -o: overwrite an existing output file."
    ),
) -> None:
    """Run a mock audit and say how ready the company is for certification.

    Exit codes: 0 done (and no finding at --fail-on level), 1 findings at the --fail-on level,
    2 usage or internal error.
    """
    from itsmkit.cli.common import choice, day
    from itsmkit.errors import UsageError

    fmt = choice(output_format, FORMATS, "--format")
    fail_grade = choice(fail_on, GRADES, "--fail-on")
    as_of_day = day(as_of, "--as-of")
    if fmt in ("docx", "xlsx") and output is None:
        raise UsageError(f"--format {fmt} needs --output FILE.{fmt}")
    if output is not None and output.exists() and not force:
        raise UsageError(
            f"{output} exists", hint="Pass --force to overwrite it, or choose another file."
        )

    from itsmkit.audit.engine import run_audit
    from itsmkit.audit.printers import print_text, to_json, to_markdown
    from itsmkit.model.audit import Grade

    result = run_audit(path, standard=standard, as_of=as_of_day)
    custom = result.labels
    if fmt == "text" and output is None:
        from itsmkit.cli.common import stdout_console

        print_text(result, stdout_console(), custom)
    elif fmt == "docx":
        from itsmkit.audit.docx import write_docx

        assert output is not None
        write_docx(result, output, custom)
        typer.echo(f"wrote {output}", err=True)
    elif fmt == "xlsx":
        from itsmkit.report.xlsx import audit_sheets, write_xlsx

        write_xlsx(output, audit_sheets(result, custom))
        typer.echo(f"wrote {output}", err=True)
    else:
        from itsmkit.cli.common import write_output

        # text sent to a file is the Markdown report: plain text that reads well as a file.
        text = to_json(result) if fmt == "json" else to_markdown(result, custom)
        write_output(text, output)
    if write:
        from itsmkit.audit.writer import record_audit

        written = record_audit(result)
        for rel in written:
            typer.echo(f"created {rel}", err=True)
    raise typer.Exit(1 if result.fails(Grade(fail_grade) if fail_grade else None) else 0)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(audit)
