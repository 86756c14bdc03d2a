"""``itsmkit init``: scaffold a company repository."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from itsmkit.scaffold import ScaffoldResult


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


def _summary(paths: list[str]) -> list[str]:
    """Group paths by their first folder: ``governance/  28 files``; top-level files by name."""
    groups: dict[str, int] = {}
    top: list[str] = []
    for path in paths:
        head, sep, _ = path.partition("/")
        if sep:
            groups[head + "/"] = groups.get(head + "/", 0) + 1
        else:
            top.append(path)
    width = max((len(name) for name in groups), default=0)
    lines = [f"  {name.ljust(width)}  {_files(n)}" for name, n in groups.items()]
    if top:
        lines.append("  " + ", ".join(top))
    return lines


def _print(result: ScaffoldResult) -> None:
    from itsmkit.scaffold import FileState, GitOutcome

    opts = result.options
    created = result.paths(FileState.CREATED)
    overwritten = result.paths(FileState.OVERWRITTEN)
    unchanged = result.paths(FileState.UNCHANGED)
    where = f"{result.root} ({opts.organisation}, {opts.language}, {opts.standard})"
    if not result.written:
        done = _files(len(unchanged))
        typer.echo(f"Nothing to do: the {done} of the scaffold are already in {where}.")
    else:
        forced = f", {len(overwritten)} of them overwritten (--force)" if overwritten else ""
        typer.echo(f"Wrote {_files(len(created) + len(overwritten))} in {where}{forced}:")
        for line in _summary(created + overwritten):
            typer.echo(line)
        if unchanged:
            typer.echo(f"Left {_files(len(unchanged))} that were already up to date.")
    git_messages = {
        GitOutcome.INITIALISED: "Initialised a git repository.",
        GitOutcome.ALREADY: f"Already in a git repository ({result.git_detail}).",
        GitOutcome.UNAVAILABLE: f"Notice: {result.git_detail}.",
        GitOutcome.FAILED: f"Notice: git init failed: {result.git_detail}",
        GitOutcome.SKIPPED: "",
    }
    if git_messages[result.git]:
        typer.echo(git_messages[result.git])
    if result.written:
        typer.echo("Next steps:")
        typer.echo(f"  cd {result.root}")
        typer.echo("  itsmkit validate      # lists every [[...]] placeholder left to fill in")
        typer.echo("  git add -A && git commit -m 'Service management system: starter documents'")


def _refresh(directory: Path, *, force: bool) -> None:
    from itsmkit.editors import refresh

    result = refresh(directory, force=force)
    typer.echo(
        f"Editor files in {directory}: {_files(len(result.written))} written, "
        f"{len(result.unchanged)} already up to date, "
        f"{len(result.modelines)} modeline(s) pointed at .itsmkit/schemas."
    )
    for path in result.written:
        typer.echo(f"  wrote {path}")
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
    lang: Annotated[str | None, typer.Option("--lang", help=_HELP["lang"], metavar="LANG")] = None,
    standard: Annotated[
        str | None, typer.Option("--standard", help=_HELP["standard"], metavar="EDITION")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_HELP["yes"])] = False,
    force: Annotated[bool, typer.Option("--force", help=_HELP["force"])] = False,
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
        typer.echo(f"These files exist in {directory} and differ from the starters:", err=True)
        for path in result.conflicts:
            typer.echo(f"  {path}", err=True)
        raise WriteConflictError(paths=[Path(p) for p in result.conflicts])
    _print(result)


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command()(init)
