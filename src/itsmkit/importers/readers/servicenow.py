"""ServiceNow: the audit event log (CSV) and the Table API (JSON)."""

from __future__ import annotations

import datetime as dt
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
    register,
)
from itsmkit.importers.dates import DateError

NUMBER, STATE, SEQUENCE, UPDATED = "number", "incident_state", "sys_mod_count", "sys_updated_at"


class ServiceNowEvents:
    """Event log: one row per audit event, grouped per ticket; the last event's state wins.

    "Awaiting ..." states become pause intervals (from the event entering one to the next
    event leaving it); the first event leaving New gives the response time.
    """

    name = "servicenow-events"
    description = "ServiceNow audit event log (CSV, one row per event), e.g. UCI data set 498"

    def read(self, path: Path, ctx: ReadContext) -> Iterator[SourceRow]:
        """Yield one row per incident, built from its events."""
        groups: dict[str, list[SourceRow]] = {}
        for row in csv_rows(path, ctx):
            number = row.values.get(NUMBER)
            if not isinstance(number, str):
                raise problem(ctx, row.row, "no ticket number", column=NUMBER)
            groups.setdefault(number, []).append(row)
        for events in groups.values():
            events.sort(key=lambda r: _int(r.values.get(SEQUENCE)))
            last = events[-1]
            ack: dt.datetime | None = None
            pauses: list[tuple[dt.datetime, dt.datetime | None, str]] = []
            open_since: tuple[dt.datetime, str] | None = None
            for event in events:
                state = event.values.get(STATE)
                when = self._time(event, ctx)
                if when is None or not isinstance(state, str):
                    continue
                if ack is None and state != "New":
                    ack = when
                if open_since and open_since[1] != state:
                    pauses.append((open_since[0], when, open_since[1]))
                    open_since = None
                if state.startswith("Awaiting") and open_since is None:
                    open_since = (when, state)
            if open_since:
                pauses.append((open_since[0], None, open_since[1]))
            yield SourceRow(dict(last.values), last.row, pauses, ack)

    @staticmethod
    def _time(event: SourceRow, ctx: ReadContext) -> dt.datetime | None:
        text = event.values.get(UPDATED)
        if not isinstance(text, str):
            return None
        try:
            return ctx.dates.parse(text)
        except DateError as exc:
            raise problem(ctx, event.row, str(exc), column=UPDATED) from None


def _int(text: Any) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


class ServiceNowTable:
    """Table API (``GET /api/now/table/incident``): ``{"result": [...]}``, every value a string."""

    name = "servicenow"
    description = 'ServiceNow Table API JSON ({"result": [...]})'

    def read(self, path: Path, ctx: ReadContext) -> Iterator[SourceRow]:
        """Yield one row per record of ``result``."""
        data = read_json(path, ctx)
        records = data.get("result", data) if isinstance(data, dict) else data
        if isinstance(records, dict):
            records = [records]
        if not isinstance(records, list):
            raise problem(ctx, 1, 'no ServiceNow records: expected {"result": [...]}')
        for number, record in counted(records, ctx):
            if not isinstance(record, dict):
                raise problem(ctx, number, "a ServiceNow record is a JSON object")
            ctx.mapping.check_columns(record.keys(), ctx, number)
            yield SourceRow(flatten(record), number)


register(ServiceNowEvents())
register(ServiceNowTable())
