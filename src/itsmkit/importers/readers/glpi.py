"""GLPI: the REST API (``apirest.php``) JSON, and the CSV export of the ticket list.

JSON: a ticket (``GET /Ticket/:id``), a list of them (``GET /Ticket``), or a search
(``GET /search/Ticket``, rows keyed by search-option numbers). CSV: ``;``, every field
quoted, a trailing ``;``, UTF-8 with a BOM, headers in the user's language (the default
mapping knows the French and English ones).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from itsmkit.importers.base import (
    ReadContext,
    SourceRow,
    counted,
    csv_rows,
    flatten,
    problem,
    read_json,
    read_text,
    register,
)

_TICKET_KEYS = frozenset({"name", "date", "status"})


class Glpi:
    """GLPI REST JSON or CSV export, told apart by the first character."""

    name = "glpi"
    description = "GLPI REST API JSON (ticket, list, search) or CSV export (; quoted, BOM)"

    def read(self, path: Path, ctx: ReadContext) -> Iterator[SourceRow]:
        """Yield one row per ticket."""
        head = read_text(path, ctx).lstrip("\ufeff \r\n\t")[:1]
        if head in ("[", "{"):
            yield from self._json(path, ctx)
        else:
            yield from csv_rows(path, ctx, delimiter=";")

    def _json(self, path: Path, ctx: ReadContext) -> Iterator[SourceRow]:
        data = read_json(path, ctx)
        records: list[Any]
        if isinstance(data, dict) and isinstance(data.get("data"), list):
            records = data["data"]  # a search: keys are search-option numbers
        elif isinstance(data, dict):
            records = [data]
        elif isinstance(data, list):
            records = data
        else:
            records = []
        tickets = [
            r
            for r in records
            if isinstance(r, dict) and (r.keys() >= _TICKET_KEYS or ("2" in r and "1" in r))
        ]
        if records and not tickets:
            raise problem(
                ctx,
                1,
                "no GLPI tickets here (a follow-up, task, user or document list?)",
                hint="Export GET /Ticket, GET /Ticket/:id or GET /search/Ticket.",
            )
        for number, record in counted(tickets, ctx):
            ctx.mapping.check_columns(record.keys(), ctx, number)
            yield SourceRow(flatten(record), number)


register(Glpi())
