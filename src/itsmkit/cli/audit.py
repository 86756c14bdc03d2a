"""``itsmkit audit``: the mock audit, a readiness report with graded findings."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import (
    LANGS,
    POSITIONAL_REPO_HELP,
    as_of_option,
    force_option,
    format_option,
    lang_option,
    no_cache_option,
    output_option,
    pick_repo,
    repo_option,
)

FORMATS = ("text", "md", "docx", "pdf", "json", "xlsx")
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
    output_format: Annotated[
        str,
        format_option(
            FORMATS,
            help="Output: text, md, docx, pdf (needs LibreOffice), json or xlsx (findings and action plan).",
        ),
    ] = "text",
    lang: Annotated[
        str | None,
        lang_option(help="Language of the report: fr or en (default: `language` in itsmkit.yaml)."),
    ] = None,
    output: Annotated[
        Path | None,
        output_option(help="Write the report to this file (required for docx, pdf and xlsx)."),
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
    no_cache: Annotated[bool, no_cache_option()] = False,
) -> None:
    """Run a mock audit and say how ready the company is for certification.

    Exit codes: 0 done (and no finding at --fail-on level), 1 findings at the --fail-on level,
    2 usage or bad input, 3 internal error (a bug).
    """
    path = pick_repo(path, repo)
    from itsmkit.cli.common import choice, day, say_written, write_output
    from itsmkit.errors import UsageError

    fmt = choice(output_format, FORMATS, "--format")
    fail_grade = choice(fail_on, GRADES, "--fail-on")
    asked_lang = choice(lang, LANGS, "--lang")
    as_of_day = day(as_of, "--as-of")
    if fmt in ("docx", "pdf", "xlsx") and output is None:
        raise UsageError(f"--format {fmt} needs --output FILE.{fmt}")
    if fmt == "pdf":
        from itsmkit.render.pdf import require_soffice

        require_soffice()

    from itsmkit.audit.engine import run_audit
    from itsmkit.audit.printers import print_text, to_file_format
    from itsmkit.audit.report_doc import language_notice, localise
    from itsmkit.model.audit import Grade

    if write:
        from itsmkit.audit.writer import finish_interrupted

        finished = finish_interrupted(path)
        if finished:  # a crash-interrupted write is finished before anything new is judged
            for rel in finished:
                say_written("written", rel, " (finishing an interrupted write)")
            typer.echo("the interrupted write is complete; run the command again for a new one")
            raise typer.Exit(0)
    from itsmkit.cli.progress import file_progress
    from itsmkit.gcpause import gc_paused

    # The CLI owns the process, so it alone may freeze what the audit loaded (see gcpause).
    with file_progress("reading files") as progress, gc_paused(freeze=True):
        result = run_audit(
            path, standard=standard, as_of=as_of_day, cache=not no_cache, progress=progress
        )
    report_lang = asked_lang or (result.language if result.language in LANGS else "en")
    shown, translator = localise(result, report_lang)
    if fmt == "text" and output is None:
        from itsmkit.cli.common import stdout_console

        print_text(shown, stdout_console(), result.labels, report_lang)
    else:
        write_output(to_file_format(result, fmt, report_lang), output, force=force)
    note = language_notice(translator)
    if note:
        typer.echo(f"warning: {note}", err=True)
    if write:
        from itsmkit.audit.writer import record_audit

        for rel in record_audit(result):
            say_written("written", rel)
    raise typer.Exit(1 if result.fails(Grade(fail_grade) if fail_grade else None) else 0)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(audit)
