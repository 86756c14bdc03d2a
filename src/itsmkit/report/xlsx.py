"""Spreadsheets (``--format xlsx``) of the audit, trace, checklist and list results.

Each sheet has a bold header row, widths that fit the content, an autofilter and a
frozen header pane; dates are real dates. Text that a spreadsheet would take for a
formula (``=``, ``+``, ``-``, ``@`` first) is stored as text with a quote prefix, so a
finding or a ticket summary can never run as a formula (CSV/formula injection).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsmkit.errors import UsageError

if TYPE_CHECKING:
    from itsmkit.frameworks.printers import Report
    from itsmkit.query.listing import Listing

EXTRA_HINT = "Install the extra: pip install 'itsmkit[xlsx]'."
FORMULA_START = ("=", "+", "-", "@")
MAX_WIDTH = 60
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?\d{1,15}$")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(slots=True)
class Sheet:
    """One worksheet: a title, the header and the rows (str, int, float, date or None)."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise UsageError(
            "--format xlsx needs openpyxl, which is not installed", hint=EXTRA_HINT
        ) from None
    return openpyxl


def _sheet_title(title: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def typed(value: str) -> Any:
    """A cell of a text table as a spreadsheet value: ISO dates as dates, integers as numbers."""
    if _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if _INT.match(value):
        return int(value)
    return value


def typed_rows(rows: Sequence[Sequence[str]]) -> list[tuple[Any, ...]]:
    """Rows of text with each column typed as a whole: a column of ids stays text."""
    rows = [tuple(r) for r in rows]
    width = max((len(r) for r in rows), default=0)
    convert = []
    for col in range(width):
        cells = [r[col] for r in rows if col < len(r) and r[col] != ""]
        kinds = {type(typed(c)) for c in cells}
        convert.append(bool(cells) and len(kinds) == 1 and kinds != {str})
    return [
        tuple((typed(c) if c != "" else None) if convert[i] else c for i, c in enumerate(row))
        for row in rows
    ]


def _put(ws: Any, row: int, column: int, value: Any, illegal: re.Pattern[str]) -> int:
    """Write one cell; return how wide its text is."""
    if isinstance(value, dt.datetime):
        cell = ws.cell(row, column, value.replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return 16
    if isinstance(value, dt.date):
        cell = ws.cell(row, column, value)
        cell.number_format = "yyyy-mm-dd"
        return 10
    if isinstance(value, str):
        text = illegal.sub("", value)
        cell = ws.cell(row, column, text)
        if text.startswith(FORMULA_START):
            cell.data_type = "s"  # openpyxl took it for a formula: store it as text
            cell.quotePrefix = True
        return max((len(line) for line in text.splitlines()), default=0)
    ws.cell(row, column, value)
    return len(str(value)) if value is not None else 0


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The .xlsx file of ``sheets``."""
    openpyxl = _openpyxl()
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_title(sheet.title, taken))
        widths = [len(c) for c in sheet.columns]
        for col, name in enumerate(sheet.columns, start=1):
            _put(ws, 1, col, name, ILLEGAL_CHARACTERS_RE)
            ws.cell(1, col).font = Font(bold=True)
        wrap = Alignment(wrap_text=True, vertical="top")
        for r, values in enumerate(sheet.rows, start=2):
            for col, value in enumerate(values, start=1):
                width = _put(ws, r, col, value, ILLEGAL_CHARACTERS_RE)
                widths[col - 1] = max(widths[col - 1], width)
                if isinstance(value, str) and "\n" in value:
                    ws.cell(r, col).alignment = wrap
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, width + 2)
        last = get_column_letter(max(1, len(sheet.columns)))
        ws.auto_filter.ref = f"A1:{last}{max(1, len(sheet.rows) + 1)}"
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_xlsx(path: Path | None, sheets: Sequence[Sheet], *, force: bool = False) -> str:
    """Write the workbook to ``path`` (required: a spreadsheet is not printed).

    Under the one ``-o`` policy (:func:`itsmkit.fsutil.write_output`): a file that differs
    is replaced only with ``force``; the write is atomic. Returns the file's status.
    """
    if path is None:
        raise UsageError("--format xlsx needs --output FILE.xlsx")
    from itsmkit.fsutil import write_output

    return write_output(path, workbook_bytes(sheets), force=force)


def report_sheets(report: Report) -> list[Sheet]:
    """The tables of a framework report; tables of the same columns share one sheet.

    A checklist gives one table per artefact with the same columns: one sheet with a
    first column naming the table filters better than dozens of sheets.
    """
    groups: dict[tuple[str, ...], list[Any]] = {}
    for table in report.tables:
        groups.setdefault(table.columns, []).append(table)
    sheets = []
    for columns, tables in groups.items():
        if len(tables) == 1:
            t = tables[0]
            sheets.append(Sheet(t.title.rstrip(":"), columns, typed_rows(t.rows)))
            continue
        rows = [(t.title, *row) for t in tables for row in t.rows]
        sheets.append(Sheet(report.heading, ("table", *columns), typed_rows(rows)))
    return sheets


def listing_sheets(listing: Listing) -> list[Sheet]:
    """The register of ``itsmkit list``."""
    from itsmkit.query.listing import COLUMNS

    rows = [
        tuple(typed(v) if c == "date" else v for c, v in r.as_dict().items()) for r in listing.rows
    ]
    return [Sheet(listing.kind or "artefacts", COLUMNS, rows)]
