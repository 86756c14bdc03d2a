"""Any other tool: a CSV file and the company's mapping (columns, dates, values)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from itsmkit.importers.base import ReadContext, SourceRow, csv_rows, register


class GenericCsv:
    """A CSV file whose columns the mapping names (itsmkit's own field names by default)."""

    name = "csv"
    description = "any CSV, with a mapping file (delimiter sniffed unless given)"

    def read(self, path: Path, ctx: ReadContext) -> Iterator[SourceRow]:
        """Yield one row per line."""
        yield from csv_rows(path, ctx)


register(GenericCsv())
