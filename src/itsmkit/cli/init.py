"""``itsmkit init``: scaffold a company repository."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from itsmkit.cli.options import force_option, lang_option

_HELP = {
    "directory": "Folder to create the repository in (created if missing).",
    "org": "Organisation name. Default: the folder's name.",
    "lang": "Language of the starter documents: fr or en. Default: fr.",
    "standard": "Edition of ISO/IEC 20000-1: iso20000-1:2018 (default), iso20000-1:2011 "
    "or iso20000-1:2005.",
    "yes": "Never prompt: take the default for every value not given.",
    "force": "Overwrite existing files whose content differs from the starters.",
    "git": "Run `git init` unless the folder is already in a git repository.",
    "refresh": "Only bring the editor files of an existing repository up to this version: "
    "the JSON Schemas in .itsmkit/schemas, .vscode/settings.json if missing, and the "
    "itsmkit modeline (first line) of each YAML file. Files you edited are kept unless "
    "--force; no document's content changes.",
}


def _interactive(yes: bool) -> bool:
    return not yes and sys.stdin is not None and sys.stdin.isatty()


def _ask(value: str | None, label: str, default: str, interactive: bool) -> str:
    if value is not None:
        return value
    if interactive:
        return str(typer.prompt(label, default=default))
    return default


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def _refresh(directory: Path, *, force: bool) -> None:
    from itsmkit.editors import refresh

    result = refresh(directory, force=force)
    typer.echo(
        f"Editor files in {directory}: {_files(len(result.written))} written, "
        f"{len(result.unchanged)} already up to date, "
        f"{len(result.modelines)} modeline(s) pointed at .itsmkit/schemas."
    )
    for path in result.written:
        typer.echo(f"  written {path}")
    for path in result.modelines:
        typer.echo(f"  modeline {path}")
    if result.kept:
        typer.echo("Kept, because they differ from what itsmkit wrote (--force replaces them;")
        typer.echo("for .vscode/settings.json it adds the yaml.schemas mapping):")
        for path in result.kept:
            typer.echo(f"  {path}")


def init(
    directory: Annotated[Path, typer.Argument(help=_HELP["directory"])] = Path(),
    org: Annotated[str | None, typer.Option("--org", help=_HELP["org"], metavar="NAME")] = None,
    lang: Annotated[str | None, lang_option(help=_HELP["lang"])] = None,
    standard: Annotated[
        str | None, typer.Option("--standard", help=_HELP["standard"], metavar="EDITION")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_HELP["yes"])] = False,
    force: Annotated[bool, force_option(help=_HELP["force"])] = False,
    git: Annotated[bool, typer.Option("--git/--no-git", help=_HELP["git"])] = True,
    refresh_schemas: Annotated[
        bool, typer.Option("--refresh-schemas", help=_HELP["refresh"])
    ] = False,
) -> None:
    """Create a company repository: settings, starter documents, CI and git.

    Every starter document is a draft with [[...]] placeholders to fill in; the result
    validates with no errors. Existing files are never overwritten without --force.
    Prompts for missing values only when run in a terminal without --yes.
    """
    from itsmkit.config import STANDARDS
    from itsmkit.errors import WriteConflictError
    from itsmkit.model.types import LANGS
    from itsmkit.report.scaffold import conflict_lines, result_lines
    from itsmkit.scaffold import default_values, make_options, scaffold

    if refresh_schemas:
        _refresh(directory, force=force)
        return
    defaults = default_values(directory)
    interactive = _interactive(yes)
    options = make_options(
        organisation=_ask(org, "Organisation name", defaults.organisation, interactive),
        language=_ask(lang, f"Language ({', '.join(LANGS)})", defaults.language, interactive),
        standard=_ask(
            standard, f"Standard ({', '.join(STANDARDS)})", defaults.standard, interactive
        ),
    )
    result = scaffold(directory, options, force=force, git=git)
    if result.conflicts and not force:
        typer.echo("\n".join(conflict_lines(result)), err=True)
        raise WriteConflictError(paths=[Path(p) for p in result.conflicts])
    typer.echo("\n".join(result_lines(result)))


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(init)
