"""``itsmkit trace``: clause-by-clause coverage of the repository, or the DPs' Annex D matrices."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import (
    LANGS,
    POSITIONAL_REPO_HELP,
    force_option,
    format_option,
    lang_option,
    output_option,
    pick_repo,
    repo_option,
)

FORMATS = ("text", "md", "csv", "json", "xlsx")
DEFAULT_PATH = Path()


def trace(
    path: Annotated[Path, typer.Argument(help=POSITIONAL_REPO_HELP)] = DEFAULT_PATH,
    repo: Annotated[Path | None, repo_option()] = None,
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework",
            help="Edition to trace, e.g. iso20000-1:2018 (default: the repository's standard).",
        ),
    ] = None,
    via: Annotated[
        str | None,
        typer.Option(
            "--via",
            help="Also show the coverage through the mapping to this framework, e.g. itil:4.",
        ),
    ] = None,
    matrix: Annotated[
        str | None,
        typer.Option(
            "--matrix",
            help="Print reference matrices instead: 'dp' for the deployment packages' Annex D.",
        ),
    ] = None,
    output_format: Annotated[str, format_option(FORMATS)] = "text",
    lang: Annotated[
        str | None,
        lang_option(
            help="Language of the headings, labels and titles: fr or en (default: `language` "
            "in itsmkit.yaml). JSON keys and CSV headers stay English."
        ),
    ] = None,
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            metavar="N",
            help="Exit 1 when the coverage score is below N percent (for CI).",
        ),
    ] = None,
) -> None:
    """Show clause by clause status (C, P, N) with the evidence, gaps and findings behind it.

    Each clause gets the verdict `itsmkit audit` gives it: its evidence requirements and the
    audit's findings at that clause (a major finding makes it N, a minor one P).

    Exit codes: 0 done, 1 score below --fail-under, 2 usage or bad input, 3 internal error (a bug).
    """
    from itsmkit.cli.common import choice
    from itsmkit.cli.frameworks import emit
    from itsmkit.errors import UsageError

    path = pick_repo(path, repo)
    asked_lang = choice(lang, LANGS, "--lang")

    if matrix is not None:
        if matrix.lower() != "dp":
            raise UsageError(
                f"unknown matrix {matrix!r}",
                hint="Only 'dp' (the deployment packages' Annex D) ships.",
            )
        if framework or via or fail_under is not None or lang is not None:
            raise UsageError(
                "--matrix cannot be combined with --framework, --via, --fail-under or --lang",
                hint="The Annex D matrices are printed as the deployment packages word them.",
            )
        from itsmkit.frameworks.matrix import annex_d, disagreements, matrix_payload
        from itsmkit.frameworks.views import matrix_report

        emit(
            matrix_report(annex_d(), disagreements()),
            "annex-d",
            matrix_payload(),
            output_format,
            output,
            force=force,
        )
        return
    from itsmkit.audit.coverage import trace as run
    from itsmkit.frameworks.views import trace_report

    result = run(path, framework, via=via, lang=asked_lang)
    emit(trace_report(result), "trace", result.to_dict(), output_format, output, force=force)
    score = result.via.score if (via and result.via is not None) else result.score
    if fail_under is not None and (score or 0.0) < fail_under:
        typer.echo(f"coverage {score or 0.0:.1f} % is under {fail_under:g} %", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(trace)
