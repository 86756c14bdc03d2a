"""What every helpdesk reader shares: the row it yields, its context, the registry.

A reader turns one export file into :class:`SourceRow` objects, one per ticket, keyed by
the export's own column (or JSON key) names. Mapping those columns to itsmkit fields,
dates, priorities and states is done once for all tools by
:mod:`itsmkit.importers.convert`, driven by the tool's mapping (data, overridable).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from itsmkit.errors import ImportDataError, ImportProblem

T = TypeVar("T")

if TYPE_CHECKING:
    from itsmkit.importers.dates import DateParser
    from itsmkit.importers.mapping import Mapping

Value = str | list[str]


@dataclass(slots=True)
class SourceRow:
    """One ticket as the export gives it, before mapping."""

    values: dict[str, Value]
    row: int
    """Line of the CSV record (1 = header), or the 1-based number of the JSON record."""
    pauses: list[tuple[dt.datetime, dt.datetime | None, str]] = field(default_factory=list)
    acknowledged: dt.datetime | None = None
    """A response time the reader derived (event logs: the first event leaving New)."""


@dataclass(slots=True)
class ReadContext:
    """What a reader needs: the mapping, the date parser, the file's name in messages."""

    mapping: Mapping
    dates: DateParser
    file: str
    progress: Callable[[int], None] | None = None
    """Called with the number of rows read since the last call (every 1,000 rows)."""
    expect: Callable[[int], None] | None = None
    """Called once by a reader that knows how many rows its export holds (JSON exports,
    once parsed), replacing the caller's estimate (the file's line count)."""


def counted(records: Collection[T], ctx: ReadContext) -> Iterator[tuple[int, T]]:
    """``enumerate(records, start=1)``, telling ``ctx`` how many there are and how far it got."""
    if ctx.expect is not None:
        ctx.expect(len(records))
    progress = ctx.progress
    for number, record in enumerate(records, start=1):
        if progress is not None and number % 1000 == 0:
            progress(1000)
        yield number, record


class Reader(Protocol):
    """One helpdesk tool's export format(s)."""

    name: str
    description: str

    def read(self, path: Path, ctx: ReadContext) -> Iterator[SourceRow]:
        """Yield one row per ticket of the export at ``path``."""
        ...


READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add ``reader`` to the registry under its name."""
    READERS[reader.name] = reader
    return reader


def problem(
    ctx: ReadContext, row: int, message: str, *, column: str | None = None, hint: str | None = None
) -> ImportDataError:
    """An error that stops the import, placed in the export."""
    return ImportDataError([ImportProblem(ctx.file, row, column, message, hint)])


# CSV -------------------------------------------------------------------------------------


def read_text(path: Path, ctx: ReadContext) -> str:
    """The file as text: UTF-8 with or without BOM, or the mapping's encoding."""
    raw = path.read_bytes()
    encoding = ctx.mapping.encoding
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise problem(
            ctx,
            line,
            f"not {encoding} text (byte {exc.start})",
            hint="Set `encoding:` in the mapping file (e.g. cp1252, latin-1).",
        ) from None


def csv_rows(path: Path, ctx: ReadContext, *, delimiter: str | None = None) -> Iterator[SourceRow]:
    """Rows of a CSV export; repeated column names give lists (Jira's Comment, Watchers).

    Handles a UTF-8 BOM, any of ``, ; tab |`` (sniffed from the header unless given), and
    GLPI's trailing delimiter (an empty last column with no header).
    """
    text = read_text(path, ctx).lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    sep = delimiter or ctx.mapping.delimiter or _sniff(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise problem(ctx, 1, f"not readable as CSV: {exc}") from None
    header = [h.strip() for h in header]
    trailing = bool(header) and header[-1] == ""
    if trailing:
        header.pop()
    ctx.mapping.check_columns(header, ctx, 1)
    width = len(header)
    counts: dict[str, int] = {}
    for name in header:
        counts[name] = counts.get(name, 0) + 1
    repeated = {name for name, n in counts.items() if n > 1}
    simple = not repeated
    nulls = ctx.mapping.nulls
    index = 0
    try:
        for record in reader:
            index += 1
            if ctx.progress and index % 1000 == 0:
                ctx.progress(1000)
            if not record or record == [""]:
                continue
            if len(record) > width:
                if trailing and len(record) == width + 1 and record[-1] == "":
                    record.pop()
                elif any(record[width:]):
                    raise problem(
                        ctx,
                        reader.line_num,
                        f"{len(record)} fields, the header has {width}",
                        hint="A delimiter inside an unquoted field? Check the export settings.",
                    )
            if simple:
                values: dict[str, Value] = {
                    k: v for k, v in zip(header, record, strict=False) if v not in nulls
                }
            else:
                values = {}
                for k, v in zip(header, record, strict=False):
                    if k in repeated:
                        bucket = values.setdefault(k, [])
                        if v not in nulls and isinstance(bucket, list):
                            bucket.append(v)
                    elif v not in nulls:
                        values[k] = v
            yield SourceRow(values, reader.line_num)
    except csv.Error as exc:
        raise problem(ctx, reader.line_num, f"not readable as CSV: {exc}") from None


def _sniff(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    return max(counts, key=lambda s: counts[s]) if any(counts.values()) else ","


# JSON ------------------------------------------------------------------------------------


def read_json(path: Path, ctx: ReadContext) -> Any:
    """The parsed JSON document; JSON Lines (one document a line) gives a list."""
    text = read_text(path, ctx).lstrip("\ufeff")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1:
            docs: list[Any] = []
            for number, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    docs.append(json.loads(line))
                except json.JSONDecodeError:
                    # Recordings mix JSON metadata lines with raw bodies; skip what is not JSON.
                    if number == 1:
                        raise problem(ctx, exc.lineno, f"not JSON: {exc.msg}") from None
            return docs
        raise problem(ctx, exc.lineno, f"not JSON: {exc.msg} (column {exc.colno})") from None


def flatten(record: dict[str, Any], *, ref_keys: tuple[str, ...] = ("value",)) -> dict[str, Value]:
    """A JSON record's values as strings; references ``{value: ...}`` give their value."""
    out: dict[str, Value] = {}
    for key, value in record.items():
        if value is None or value == "":
            continue
        if isinstance(value, dict):
            for ref in ref_keys:
                if ref in value and value[ref] not in (None, ""):
                    out[key] = _scalar(value[ref])
                    break
            continue
        if isinstance(value, list):
            out[key] = [_scalar(v) for v in value if not isinstance(v, dict | list)]
            continue
        out[key] = _scalar(value)
    return out


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
