"""Printers for list, show and due: results as text, JSON, CSV and iCalendar."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from typing import Any

from itsmkit.envelope import dumps, envelope
from itsmkit.query.due import DueList
from itsmkit.query.listing import COLUMNS, Listing
from itsmkit.query.show import Reference, Shown


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def listing_text(listing: Listing) -> str:
    """A register, one artefact a line, and a count."""
    if not listing.rows:
        return "no artefact matches\n"
    shown = [c for c in COLUMNS if c != "family"]
    rows = [[str(r.as_dict()[c]) for c in shown] for r in listing.rows]
    for row in rows:
        title = row[shown.index("title")]
        row[shown.index("title")] = title if len(title) <= 50 else title[:49] + "…"
    count = len(listing.rows)
    return _table(rows, shown) + f"{count} artefact{'s' if count != 1 else ''}\n"


def listing_json(listing: Listing) -> str:
    """The register in the versioned envelope."""
    payload = {
        "kind": listing.kind,
        "where": list(listing.conditions),
        "count": len(listing.rows),
        "artefacts": [r.as_dict() for r in listing.rows],
    }
    return dumps(envelope("list", payload))


def _cell(value: str) -> str:
    # A spreadsheet would run a cell starting with = + - @ as a formula: keep it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def listing_csv(listing: Listing) -> str:
    """The register as CSV with a header row, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in listing.rows:
        writer.writerow([_cell(str(v)) for v in r.as_dict().values()])
    return out.getvalue()


def _yaml(data: Any, indent: int = 2) -> list[str]:
    pad = " " * indent
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += _yaml(value, indent + 2)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{pad}{key}:")
            for item in value:
                sub = _yaml(item, indent + 4)
                if sub:
                    sub[0] = f"{pad}  - {sub[0].lstrip()}"
                lines += sub
        else:
            lines.append(f"{pad}{key}: {value}")
    return lines


def _ref_line(r: Reference, incoming: bool) -> str:
    where = f"{r.file}:{r.line}"
    if incoming:
        return f"  {r.other} ({r.other_kind}) {r.field}  at {where}"
    target = f"{r.other_file}:{r.other_line}" if r.other_file else "MISSING"
    return f"  {r.field} → {r.other} ({r.other_kind or 'unknown id'})  at {target}"


def shown_text(s: Shown) -> str:
    """One artefact: header, fields, references both ways."""
    lines = [f"{s.id}  {s.kind} ({s.family})  {s.file}:{s.line}:{s.column}", "fields:"]
    lines += _yaml({k: v for k, v in s.data.items() if k not in ("kind", "id")})
    lines.append(f"references ({len(s.references)}):")
    lines += [_ref_line(r, False) for r in s.references] or ["  none"]
    lines.append(f"referenced by ({len(s.referenced_by)}):")
    lines += [_ref_line(r, True) for r in s.referenced_by] or ["  none"]
    return "\n".join(lines) + "\n"


def shown_json(s: Shown) -> str:
    """One artefact in the versioned envelope."""
    return dumps(envelope("show", dataclasses.asdict(s)))


def due_text(d: DueList) -> str:
    """What is due, soonest first, overdue marked."""
    if not d.items:
        return f"nothing due between {d.today} and {d.until}\n"
    rows = [
        [i.due.isoformat(), "OVERDUE" if i.overdue else "due", i.what, i.message, i.file]
        for i in d.items
    ]
    late = sum(1 for i in d.items if i.overdue)
    return (
        _table(rows, ["date", "state", "what", "detail", "file"])
        + f"{len(d.items)} item(s) due by {d.until}, {late} overdue (as of {d.today})\n"
    )


def due_json(d: DueList) -> str:
    """What is due in the versioned envelope."""
    payload = {
        "today": d.today.isoformat(),
        "until": d.until.isoformat(),
        "items": [{**dataclasses.asdict(i), "due": i.due.isoformat()} for i in d.items],
    }
    return dumps(envelope("due", payload))


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    # RFC 5545 3.1: lines over 75 octets are folded with CRLF and one space.
    out, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    return [*out, current]


def due_ics(d: DueList, organisation: str) -> str:
    """An iCalendar file (RFC 5545): one all-day event per item, stable UIDs."""
    stamp = dt.datetime.combine(d.today, dt.time()).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//itsmkit//due//EN", "CALSCALE:GREGORIAN"]
    for i in d.items:
        uid = f"{i.what}-{i.subject}-{i.due.isoformat()}@itsmkit"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_ics_text(uid)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{i.due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(i.due + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_ics_text(i.message)}",
            f"DESCRIPTION:{_ics_text(f'{organisation}: {i.what} ({i.file})')}",
            f"CATEGORIES:{_ics_text(i.what)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
