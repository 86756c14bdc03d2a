"""Options shared by the commands, declared once, in one style (``Annotated``).

A command writes ``name: Annotated[type, output_option()] = None``; the factories take a
help text only where a command's meaning differs (render's ``-o`` names a folder).

Every ``-o`` file goes through :func:`itsmkit.fsutil.write_output`: it is never
overwritten when it differs, unless ``--force`` (an identical file is left alone).
"""

from __future__ import annotations

from typing import Any

import typer

OUTPUT_HELP = "Write to this file instead of standard output (never replaced if it differs)."
FORCE_HELP = "Replace an -o file that exists and differs."
REPO_HELP = "The company repository (a folder holding itsmkit.yaml, or inside one)."
LANG_HELP = "Language: fr or en."
LANGS = ("fr", "en")
"""What ``--lang`` accepts (``model.types.LANGS``, without importing the models)."""


def _or(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + " or " + choices[-1] if len(choices) > 1 else choices[0]


def format_option(choices: tuple[str, ...], *, help: str | None = None) -> Any:
    """``--format/-f``: one of ``choices`` (checked by :func:`itsmkit.cli.common.choice`)."""
    return typer.Option(
        "--format", "-f", help=help or f"Output: {_or(choices)}.", case_sensitive=False
    )


def output_option(*, help: str = OUTPUT_HELP) -> Any:
    """``-o/--output``: where to write instead of standard output."""
    return typer.Option("--output", "-o", help=help)


def force_option(*, help: str = FORCE_HELP) -> Any:
    """``--force``: overwrite what differs."""
    return typer.Option("--force", help=help)


def repo_option(*, help: str = REPO_HELP) -> Any:
    """``-C/--repo``: the company repository, for commands whose argument is something else."""
    return typer.Option("--repo", "-C", help=help)


def repo_alias_option() -> Any:
    """``-r``: the old spelling of ``-C`` in ``checklist``, kept hidden so no script breaks."""
    return typer.Option("-r", hidden=True, help="Old spelling of -C/--repo.")


def lang_option(*, help: str = LANG_HELP, metavar: str = "LANG") -> Any:
    """``--lang``: a language."""
    return typer.Option("--lang", "-l", help=help, metavar=metavar)


def today_option(*, help: str = "Judge dates as of this day (YYYY-MM-DD).") -> Any:
    """``--today``: the day dates are judged against."""
    return typer.Option("--today", help=help, metavar="DATE")


def as_of_option(
    *, help: str = "Judge the repository as committed on this day (YYYY-MM-DD)."
) -> Any:
    """``--as-of``: the day the repository is looked at."""
    return typer.Option("--as-of", help=help, metavar="DATE")


def no_cache_option() -> Any:
    """``--no-cache``: read and validate every file, neither using nor updating the cache."""
    return typer.Option(
        "--no-cache",
        help="Read and validate every file again, without the cache in .itsmkit/cache/ "
        "(also: ITSMKIT_NO_CACHE=1). The result is the same.",
    )


POSITIONAL_REPO_HELP = (
    "The company repository (a folder holding itsmkit.yaml, or inside one); -C/--repo says"
    " the same, as in every other command."
)


def pick_repo(positional: Any, option: Any) -> Any:
    """The repository named by ``-C/--repo`` or the positional path (not both, if they differ)."""
    if option is None:
        return positional
    from pathlib import Path

    if Path(positional) != Path() and Path(positional) != Path(option):
        from itsmkit.errors import UsageError

        raise UsageError(
            f"two repositories given: {positional} and -C {option}",
            hint="Name the repository once, with -C/--repo.",
        )
    return option
