"""``itsmkit audit``: the mock audit, a readiness report with graded findings."""

from __future__ import annotations

from pathlib import Path

import typer

FORMATS = ("text", "md", "docx", "pdf", "json")
LANGS = ("fr", "en")
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
        "text", "--format", "-f", help="Output: text, md, docx, pdf (needs LibreOffice) or json."
    ),
    lang: str | None = typer.Option(
        None,
        "--lang",
        "-l",
        help="Language of the report: fr or en (default: `language` in itsmkit.yaml).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report to this file (required for docx and pdf)."
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
    asked_lang = choice(lang, LANGS, "--lang")
    as_of_day = day(as_of, "--as-of")
    if fmt in ("docx", "pdf") and output is None:
        raise UsageError(f"--format {fmt} needs --output FILE.{fmt}")
    if fmt == "pdf":
        from itsmkit.render.pdf import require_soffice

        require_soffice()
    if output is not None and output.exists() and not force:
        raise UsageError(
            f"{output} exists", hint="Pass --force to overwrite it, or choose another file."
        )

    from itsmkit.audit.engine import run_audit
    from itsmkit.audit.printers import print_text, to_json
    from itsmkit.audit.report_doc import language_notice, localise, to_markdown
    from itsmkit.model.audit import Grade

    result = run_audit(path, standard=standard, as_of=as_of_day)
    custom = result.labels
    report_lang = asked_lang or (result.language if result.language in LANGS else "en")
    shown, translator = localise(result, report_lang)
    if fmt == "text" and output is None:
        from itsmkit.cli.common import stdout_console

        print_text(shown, stdout_console(), custom, report_lang)
    elif fmt in ("docx", "pdf"):
        from itsmkit.audit.docx import write_docx, write_pdf

        assert output is not None
        writer = write_pdf if fmt == "pdf" else write_docx
        writer(result, output, custom, report_lang, result.page_size)
        typer.echo(f"wrote {output}", err=True)
    else:
        from itsmkit.cli.common import write_output

        # text sent to a file is the Markdown report: plain text that reads well as a file.
        text = to_json(shown) if fmt == "json" else to_markdown(result, custom, report_lang)
        write_output(text, output)
    note = language_notice(translator)
    if note:
        typer.echo(f"warning: {note}", err=True)
    if write:
        from itsmkit.audit.writer import record_audit

        written = record_audit(result)
        for rel in written:
            typer.echo(f"created {rel}", err=True)
    raise typer.Exit(1 if result.fails(Grade(fail_grade) if fail_grade else None) else 0)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(audit)
