"""Printers for framework reports: rich tables, plain text, Markdown, CSV, JSON.

Commands turn a result object into a :class:`Report` (headings, summary lines, tables)
with :mod:`itsmkit.frameworks.views`; these functions only lay it out.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from itsmkit.envelope import dumps, envelope

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("text", "md", "csv", "json")
STYLES = {
    "C": "green",
    "P": "yellow",
    "N": "red",
    "-": "dim",
    "pass": "green",
    "fail": "red",
    "n/a": "dim",
}


@dataclass
class Table:
    """A titled table; ``status`` is the index of a column coloured by value."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    status: int | None = None


@dataclass
class Report:
    """What a command prints: a heading, summary lines, tables and closing notes."""

    heading: str
    summary: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    csv: Table | None = None
    """The table written by ``--format csv`` (default: the first table)."""


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>") or " "


def to_markdown(report: Report) -> str:
    """GitHub-flavoured Markdown, suitable for an audit folder."""
    out = [f"# {report.heading}", ""]
    for line in report.summary:
        out.append(f"- {line}")
    if report.summary:
        out.append("")
    for table in report.tables:
        out += [f"## {table.title}", ""]
        if not table.rows:
            out += ["(none)", ""]
            continue
        out.append("| " + " | ".join(table.columns) + " |")
        out.append("|" + "|".join("---" for _ in table.columns) + "|")
        out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
        out.append("")
    for note in report.notes:
        out.append(f"> {note}")
    if report.notes:
        out.append("")
    return "\n".join(out)


def to_csv(report: Report) -> str:
    """The report's main table as CSV (header row first)."""
    table = report.csv or (report.tables[0] if report.tables else None)
    if table is None:
        return ""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return buf.getvalue()


def to_text(report: Report) -> str:
    """Plain aligned text, for pipes and files."""
    out = [report.heading, "=" * len(report.heading)]
    out += report.summary
    for table in report.tables:
        out += ["", table.title, "-" * len(table.title)]
        if not table.rows:
            out.append("(none)")
            continue
        widths = [len(c) for c in table.columns]
        for row in table.rows:
            widths = [
                max(w, max((len(x) for x in cell.split("\n")), default=0))
                for w, cell in zip(widths, row, strict=True)
            ]
        widths = [min(w, 60) for w in widths]
        out.append(
            "  ".join(c.ljust(w) for c, w in zip(table.columns, widths, strict=True)).rstrip()
        )
        for row in table.rows:
            out.append(
                "  ".join(
                    cell.replace("\n", "; ").ljust(w) for cell, w in zip(row, widths, strict=True)
                ).rstrip()
            )
    if report.notes:
        out.append("")
        out += report.notes
    return "\n".join(out) + "\n"


def print_rich(report: Report, console: Console) -> None:
    """Coloured tables on a terminal."""
    from rich.markup import escape
    from rich.table import Table as RichTable

    console.print(f"[bold]{escape(report.heading)}[/bold]")
    for line in report.summary:
        console.print(line, markup=False)
    for table in report.tables:
        rt = RichTable(title=escape(table.title), title_justify="left", show_lines=False)
        for col in table.columns:
            rt.add_column(escape(col), overflow="fold")
        for row in table.rows:
            cells: list[Any] = [escape(c) for c in row]
            if table.status is not None:
                value = row[table.status]
                style = STYLES.get(value)
                if style:
                    cells[table.status] = f"[{style}]{value}[/{style}]"
            rt.add_row(*cells)
        if not table.rows:
            rt.add_row(*(["(none)"] + [""] * (len(table.columns) - 1)))
        console.print(rt)
    for note in report.notes:
        console.print(note, markup=False, style="dim")


def to_json(kind: str, payload: dict[str, Any]) -> str:
    """The versioned JSON envelope."""
    return dumps(envelope(kind, payload))


def render(fmt: str, report: Report, kind: str, payload: dict[str, Any]) -> str:
    """The report in ``fmt`` (text, md, csv or json)."""
    if fmt == "json":
        return to_json(kind, payload)
    if fmt == "md":
        return to_markdown(report)
    if fmt == "csv":
        return to_csv(report)
    return to_text(report)
