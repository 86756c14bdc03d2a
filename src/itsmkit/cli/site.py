"""``itsmkit site``: a static HTML site of the SMS, opened from the file system."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import output_option, repo_option


def site(
    repo: Annotated[Path, repo_option()] = Path(),
    output: Annotated[
        Path | None,
        output_option(
            help="The folder to build the site in (replaced as a whole). Default: build/site "
            "in the repository, wherever the command is run from."
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace the output folder even if it is not an earlier site build."
        ),
    ] = False,
) -> None:
    """Build a static site: verdict, readiness, SLAs, coverage, findings, one page per artefact.

    The site needs no server and no network: open index.html in a browser. Needs the
    extra itsmkit[site] (pygal, for the charts).
    """
    from itsmkit.site.builder import DEFAULT_TARGET, build_site

    if output is None:
        from itsmkit.repo.root import find_root

        output = find_root(repo) / DEFAULT_TARGET
    built = build_site(repo, output, force=force)
    typer.echo(
        f"written {built.target}: {built.pages} pages ({built.artefact_pages} artefact pages, "
        f"{built.register_pages} register pages), in {built.language}",
        err=True,
    )
    typer.echo(str(built.target / "index.html"))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(site)
