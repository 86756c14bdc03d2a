"""Jira Service Management: the CSV export ("Export Excel CSV (all fields)").

Repeated column names (``Comment``, ``Watchers``, ``Labels``, ``Component/s``) are read as
lists; dates are Jira's ``03/Jan/24 10:15 AM`` unless the site's format differs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from itsmkit.importers.base import ReadContext, SourceRow, csv_rows, register


class JiraSm:
    """Jira CSV export."""

    name = "jira-sm"
    description = "Jira Service Management CSV export (repeated columns as lists)"

    def read(self, path: Path, ctx: ReadContext) -> Iterator[SourceRow]:
        """Yield one row per issue."""
        yield from csv_rows(path, ctx, delimiter=",")


register(JiraSm())
