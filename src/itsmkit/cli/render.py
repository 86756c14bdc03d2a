"""``itsmkit render``: deliverables in Markdown and Word, in French and English."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import force_option, format_option, lang_option, output_option, repo_option

KINDS_HELP = (
    "sla, uc, service, catalogue, capacity-plan, service-plan, service-report, procedure, "
    "policy, audit-report, minutes; or `all`"
)


def render(
    kind: Annotated[str, typer.Argument(help=f"What to render: {KINDS_HELP}.", metavar="KIND")],
    artefact_id: Annotated[
        str | None,
        typer.Argument(
            help="Id of the artefact (optional when the repository holds only one of that kind).",
            metavar="ID",
        ),
    ] = None,
    output_format: Annotated[
        list[str] | None,
        format_option(
            ("md", "docx", "pdf"),
            help="md, docx or pdf (pdf needs LibreOffice); repeat the option for several. "
            "Default: md, and md and docx for `render all`.",
        ),
    ] = None,
    lang: Annotated[
        list[str] | None,
        lang_option(
            help="fr or en; repeat for both. Default: the customer's or supplier's language, "
            "then `language` in itsmkit.yaml."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        output_option(
            help="Folder to write into (default: build/deliverables in the repository), or a "
            ".md/.docx/.pdf file name when one output is asked for."
        ),
    ] = None,
    repo: Annotated[Path, repo_option()] = Path(),
    force: Annotated[
        bool,
        force_option(
            help="Render artefacts that have validation errors, and overwrite files that differ."
        ),
    ] = False,
) -> None:
    """Render a deliverable (SLA, UC, service report, audit report...) to Markdown, Word or PDF.

    Artefacts with validation errors are refused (exit 1) unless --force; an existing
    output that differs is never overwritten without --force. Output is deterministic.
    """
    from itsmkit.render.renderer import render_all, render_one
    from itsmkit.report.text import issue_lines

    formats = tuple(dict.fromkeys(f.lower() for f in output_format or []))
    if not formats:
        formats = ("md", "docx") if kind == "all" else ("md",)
    langs = tuple(dict.fromkeys(x.lower() for x in lang or [])) or None
    if kind == "all":
        if artefact_id is not None:
            from itsmkit.errors import UsageError

            raise UsageError("`render all` takes no id", hint="Run `itsmkit render all -o FOLDER`.")
        from itsmkit.cli.progress import MINIMUM_DOCUMENTS, MINIMUM_PDFS, file_progress

        # One bar per phase, each cleared when done: reading, rendering, LibreOffice.
        with (
            file_progress("reading files", clear_when_done=True) as reading,
            file_progress("rendering", minimum=MINIMUM_DOCUMENTS, clear_when_done=True) as bar,
            file_progress("converting to PDF", minimum=MINIMUM_PDFS) as converting,
        ):
            result = render_all(
                repo,
                formats=formats,
                langs=langs,
                output=output,
                force=force,
                progress=bar,
                reading=reading,
                converting=converting,
            )
    else:
        result = render_one(
            repo, kind, artefact_id, formats=formats, langs=langs, output=output, force=force
        )
    for refused in result.refused:
        typer.echo(
            f"itsmkit: refused {refused.kind} {refused.artefact}: "
            f"{len(refused.issues)} validation error(s)",
            err=True,
        )
        for line in issue_lines(refused.issues):
            typer.echo(f"  {line}", err=True)
    if any(not r.loaded for r in result.refused):
        typer.echo(
            "  hint: fix them (`itsmkit validate`): an artefact that fails its schema cannot be "
            "loaded, so not even --force renders it.",
            err=True,
        )
    elif result.refused:
        typer.echo(
            "  hint: fix them (`itsmkit validate`), or pass --force to render anyway.", err=True
        )
    warned: set[str] = set()
    for out in result.outputs:
        typer.echo(f"{out.status:<11} {out.path}")
        for warning in out.warnings:
            if warning not in warned:  # once per artefact and language, not per format
                warned.add(warning)
                typer.echo(f"warning: {warning}", err=True)
    raise typer.Exit(1 if result.failed else 0)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(render)
