"""Generate the Markdown command-line reference (``docs/cli.md``) from the Typer app.

It walks the application's commands (and any sub-groups) and their parameters, so the
reference lists whatever commands exist; a test compares it with the checked-in file.

Regenerate with ``python -m itsmkit.cli.reference --write docs/cli.md``; ``--check``
exits 1 when the file is out of date.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import typer
from typer._click import Command
from typer.core import TyperGroup

PROG = "itsmkit"
# Fixed so that wrapped usage lines do not depend on the terminal of whoever regenerates.
WIDTH = 100

HEADER = (
    "# Command-line reference\n"
    "\n"
    "Generated from the application by `python -m itsmkit.cli.reference --write docs/cli.md`;\n"
    "do not edit by hand. `itsmkit COMMAND --help` prints the same help.\n"
    "\n"
    "Exit codes: `0` success; `1` the command ran and found issues that fail it;\n"
    "`2` usage error, or bad input that prevents running; `3` internal error (a bug in\n"
    "itsmkit: please report it); `130` interrupted; `141` standard output closed by its reader\n"
    "(`itsmkit list | head`): the command stops quietly, as SIGPIPE stops `ls | head`.\n"
    "\n"
    "With `--format json`, a command that cannot run prints the JSON error envelope on\n"
    "standard output (`schema: itsmkit/error`, with a stable `error.code` such as `usage`,\n"
    "`repository-not-found`, `config-invalid` or `internal-error`) and exits 2 or 3.\n"
    "\n"
    "Files written with `-o/--output` (validate, trace, checklist, frameworks, audit, schema,\n"
    "render) follow one policy: a missing file is written; an existing file with the same\n"
    "content is left alone; an existing file that differs is never overwritten without\n"
    "`--force` (the command exits 2 and writes nothing). Every write is atomic: a temporary\n"
    "file beside the target, then a rename, so no half-written file is ever left behind.\n"
)


@dataclass(frozen=True, slots=True)
class ParamDoc:
    """One argument or option as the reference shows it."""

    kind: str  # "argument" or "option"
    name: str  # the parameter's Python name
    label: str  # e.g. ``-f, --format <str>``
    help: str  # help text with default and required notes, as --help shows it


@dataclass(frozen=True, slots=True)
class CommandDoc:
    """One command (or the root group) with its usage, help and parameters."""

    path: str  # e.g. ``itsmkit validate``
    usage: str
    help: str
    params: tuple[ParamDoc, ...]
    subcommands: tuple[tuple[str, str], ...]  # (name, short help) for groups


def _help_text(command: Command) -> str:
    # Text after a form feed is for developers only, as in --help.
    if not command.help:
        return ""
    return inspect.cleandoc(command.help).partition("\f")[0].strip()


def _describe(command: Command, ctx: typer.Context) -> CommandDoc:
    params = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:  # hidden
            continue
        params.append(ParamDoc(param.param_type_name, param.name or "", record[0], record[1]))
    subs: list[tuple[str, str]] = []
    if isinstance(command, TyperGroup):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                subs.append((name, sub.get_short_help_str(limit=WIDTH)))
    usage = command.get_usage(ctx).removeprefix("Usage: ").strip()
    return CommandDoc(ctx.command_path, usage, _help_text(command), tuple(params), tuple(subs))


def walk(app: typer.Typer | None = None) -> Iterator[CommandDoc]:
    """Every visible command of ``app`` (default: itsmkit's), root first, depth first."""
    if app is None:
        from itsmkit.cli.app import app as itsmkit_app

        app = itsmkit_app
    root = typer.main.get_command(app)

    def visit(command: Command, name: str, parent: typer.Context | None) -> Iterator[CommandDoc]:
        settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
        ctx = typer.Context(command, parent=parent, info_name=name, **settings)
        yield _describe(command, ctx)
        if isinstance(command, TyperGroup):
            for sub_name in command.list_commands(ctx):
                sub = command.get_command(ctx, sub_name)
                if sub is not None and not sub.hidden:
                    yield from visit(sub, sub_name, ctx)

    yield from visit(root, PROG, None)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _anchor(path: str) -> str:
    return path.replace(" ", "-")


def _section(doc: CommandDoc) -> list[str]:
    lines = [f"## `{doc.path}`", "", "```text", f"{doc.usage}", "```", ""]
    if doc.help:
        lines += [doc.help, ""]
    if doc.subcommands:
        lines += ["| command | what it does |", "| --- | --- |"]
        lines += [
            f"| [`{name}`](#{_anchor(doc.path + ' ' + name)}) | {_cell(short)} |"
            for name, short in doc.subcommands
        ]
        lines.append("")
    for kind, title in (("argument", "argument"), ("option", "option")):
        rows = [p for p in doc.params if p.kind == kind]
        if rows:
            lines += [f"| {title} | description |", "| --- | --- |"]
            lines += [f"| `{_cell(p.label)}` | {_cell(p.help)} |" for p in rows]
            lines.append("")
    return lines


def cli_reference(app: typer.Typer | None = None) -> str:
    """The Markdown text of ``docs/cli.md``."""
    lines = [HEADER]
    for doc in walk(app):
        lines += _section(doc)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m itsmkit.cli.reference [--write FILE | --check FILE]``."""
    parser = argparse.ArgumentParser(prog="python -m itsmkit.cli.reference", description=__doc__)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", type=Path, metavar="FILE", help="Write the reference to FILE.")
    group.add_argument(
        "--check", type=Path, metavar="FILE", help="Exit 1 if FILE differs from the reference."
    )
    args = parser.parse_args(argv)
    text = cli_reference()
    if args.write is not None:
        from itsmkit.fsutil import atomic_write_text

        atomic_write_text(args.write, text)
        print(f"written {args.write}", file=sys.stderr)
    elif args.check is not None:
        current = args.check.read_text(encoding="utf-8") if args.check.is_file() else None
        if current != text:
            print(f"out of date: {args.check}; run with --write {args.check}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
