"""Zammad: REST API JSON (``GET /api/v1/tickets``), with or without ``expand=true``.

Accepts a list of tickets, one ticket, a search answer (``assets.Ticket``), and recordings
of API traffic (JSON Lines, or objects with a ``body``): every JSON object that looks like
a ticket (``number``, ``title`` and a state) is taken, the last copy of a ticket winning.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from itsmkit.importers.base import (
    ReadContext,
    SourceRow,
    counted,
    flatten,
    problem,
    read_json,
    register,
)


def _tickets(node: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 20:
        return
    if isinstance(node, dict):
        if "number" in node and "title" in node and ("state_id" in node or "state" in node):
            out.append(node)
            return
        for value in node.values():
            _tickets(value, out, depth + 1)
    elif isinstance(node, list):
        for value in node:
            _tickets(value, out, depth + 1)


class Zammad:
    """Zammad ticket objects found anywhere in the JSON."""

    name = "zammad"
    description = "Zammad REST API JSON (tickets, expand=true or not, search assets)"

    def read(self, path: Path, ctx: ReadContext) -> Iterator[SourceRow]:
        """Yield one row per ticket object."""
        found: list[dict[str, Any]] = []
        _tickets(read_json(path, ctx), found)
        if not found:
            raise problem(
                ctx, 1, "no Zammad tickets here", hint="Export GET /api/v1/tickets?expand=true."
            )
        for number, record in counted(found, ctx):
            ctx.mapping.check_columns(record.keys(), ctx, number)
            yield SourceRow(flatten(record, ref_keys=()), number)


register(Zammad())
