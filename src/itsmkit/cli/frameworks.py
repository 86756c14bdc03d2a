"""``itsmkit frameworks``: list the shipped catalogs, show a framework or one of its items."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from itsmkit.cli.options import force_option, format_option, output_option

FORMAT_HELP = "Output: text (tables on a terminal), md, csv or json."
FORMATS = ("text", "md", "csv", "json", "xlsx")

frameworks_app = typer.Typer(
    help="List the framework catalogs (ISO/IEC 20000, ITIL, CMMI-SVC, ISO 9001, eTOM, DPs).",
    invoke_without_command=True,
    no_args_is_help=False,
)


def emit(
    report: Any,
    kind: str,
    payload: dict[str, Any],
    output_format: str,
    output: Path | None,
    *,
    force: bool = False,
) -> None:
    """Print a framework report in the chosen format (shared by the framework commands)."""
    from itsmkit.cli.common import say_written, stdout_console, write_output
    from itsmkit.errors import UsageError
    from itsmkit.frameworks.printers import FORMATS, print_rich, render

    fmt = output_format.lower()
    if fmt == "xlsx":
        from itsmkit.report.xlsx import report_sheets, write_xlsx

        say_written(write_xlsx(output, report_sheets(report), force=force), output)
        return
    if fmt not in FORMATS:
        raise UsageError(
            f"unknown format {output_format!r}",
            hint="Use one of: " + ", ".join((*FORMATS, "xlsx")) + ".",
        )
    if fmt == "text" and output is None:
        console = stdout_console()
        if console.is_terminal:
            print_rich(report, console)
            return
    write_output(render(fmt, report, kind, payload), output, force=force)


@frameworks_app.callback()
def frameworks(
    ctx: typer.Context,
    output_format: Annotated[str, format_option(FORMATS, help=FORMAT_HELP)] = "text",
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    """List the shipped framework catalogs with their edition, size and confidence tags."""
    if ctx.invoked_subcommand is not None:
        return
    from itsmkit.frameworks.catalog import all_catalogs, summary
    from itsmkit.frameworks.views import frameworks_list

    cats = all_catalogs()
    emit(
        frameworks_list(cats),
        "frameworks",
        {"catalogs": [summary(c) for c in cats]},
        output_format,
        output,
        force=force,
    )


@frameworks_app.command()
def show(
    framework: Annotated[
        str, typer.Argument(help="Framework key, e.g. iso20000-1:2018, itil:4, etom, dp:itsm.")
    ],
    item: Annotated[
        str | None, typer.Argument(help="An item id, e.g. 8.3.3, ITIL4-SVC-15, SD.SG1, ITSM-PLA.1.")
    ] = None,
    output_format: Annotated[str, format_option(FORMATS, help=FORMAT_HELP)] = "text",
    output: Annotated[Path | None, output_option()] = None,
    force: Annotated[bool, force_option()] = False,
) -> None:
    """Show a framework's items, or one item with its parents, children and mappings."""
    from itsmkit.frameworks.catalog import catalog, summary
    from itsmkit.frameworks.mapping import links_of
    from itsmkit.frameworks.views import framework_item, framework_overview

    cat = catalog(framework)
    if item is None:
        payload: dict[str, Any] = {
            **summary(cat),
            "items": [i.model_dump(exclude_none=True) for i in cat.data.items],
            "aliases": [a.model_dump(exclude_none=True) for a in cat.data.aliases],
        }
        emit(framework_overview(cat), "framework", payload, output_format, output, force=force)
        return
    found = cat.require(item)
    links = links_of(cat.key, found.id)
    payload = {
        "framework": cat.key,
        "item": {
            **found.model_dump(exclude_none=True),
            "source_text": cat.data.sources[found.source],
        },
        "parents": [p.id for p in cat.ancestors(found.id)],
        "children": [c.id for c in cat.kids(found.id)],
        "mappings": [
            {
                "framework": ln.target,
                "item": ln.other,
                "relation": ln.relation,
                "rationale": ln.rationale,
                "source": ln.origin,
                "confidence": ln.confidence,
                "editorial": ln.editorial,
            }
            for ln in links
        ],
        "aliases": [
            a.model_dump(exclude_none=True) for a in cat.data.aliases if a.alias == found.id
        ],
    }
    emit(
        framework_item(cat, found.id, links),
        "framework-item",
        payload,
        output_format,
        output,
        force=force,
    )


def register(app: typer.Typer) -> None:
    """Add the command group to the application."""
    app.add_typer(frameworks_app, name="frameworks")
