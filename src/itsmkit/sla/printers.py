"""Printers for SLA attainment: text, Markdown and the versioned JSON envelope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from itsmkit.model.types import format_duration
from itsmkit.sla.results import Breach, Figure, SlaAttainment


def hours(seconds: float | None) -> str:
    """A duration for people: ``1d 2h 30min`` (rounded to the minute)."""
    if seconds is None:
        return "-"
    return format_duration(dt.timedelta(seconds=round(seconds / 60) * 60))


def share(value: float | None) -> str:
    """A percentage, or ``-`` when nothing was measured."""
    return "-" if value is None else f"{value:g} %"


def _figure_row(f: Figure) -> list[str]:
    return [
        f.metric,
        hours(f.target_seconds),
        f"{f.within}/{f.measured}",
        share(f.share),
        str(f.pending),
        hours(f.mean_seconds),
        hours(f.max_seconds),
        "yes" if f.met else "NO",
    ]


_HEAD = ["metric", "target", "within", "share", "pending", "mean", "max", "met"]


def _breach_text(b: Breach) -> str:
    where = ", ".join(f"{e.id} ({e.where})" for e in b.evidence)
    if b.metric == "availability":
        return f"availability {b.measured:g} % < {b.target:g} %: {where}"
    still = " (still open at the cut-off)" if b.unresolved else ""
    return f"{b.metric} {hours(b.measured)} > {hours(b.target)}{still}: {where}"


def _availability_text(r: SlaAttainment) -> str:
    a = r.availability
    if a is None or a.measured is None:
        return "availability: not measured"
    target = f" (target {a.target:g} %, {'met' if a.met else 'MISSED'})" if a.target else ""
    return (
        f"availability {a.measured:g} %{target}, {hours(a.downtime_seconds)} down "
        f"over {hours(a.scheduled_seconds)} ({a.clock}), {len(a.outages)} outage(s)"
    )


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]


def to_text(results: list[SlaAttainment]) -> str:
    """Plain text: one block per SLA and period."""
    if not results:
        return "no SLA with a customer and covered tickets\n"
    out: list[str] = []
    for r in results:
        out.append(
            f"{r.sla} {r.period.label} ({r.customer}): {r.incidents} incident(s), "
            f"{r.requests} request(s); times on the {r.clock} clock"
            + ("; pending time excluded" if r.exclude_pending else "")
        )
        for note in r.notes:
            out.append(f"  note: {note}")
        out.append("  " + _availability_text(r))
        if r.figures:
            out.extend(_table([_HEAD, *(_figure_row(f) for f in r.figures)]))
        if r.untargeted:
            out.append(f"  {r.untargeted} ticket(s) of a priority with no target")
        if r.breaches:
            out.append(f"  {len(r.breaches)} breach(es):")
            out.extend(f"    {_breach_text(b)}" for b in r.breaches)
        out.append("")
    total = sum(len(r.breaches) for r in results)
    out.append(f"{len(results)} SLA period(s), {total} breach(es)")
    return "\n".join(out) + "\n"


def to_markdown(results: list[SlaAttainment]) -> str:
    """Markdown: a section per SLA and period with its table and breaches."""
    out = ["# SLA attainment", ""]
    for r in results:
        out += [f"## {r.sla} – {r.period.label}", ""]
        out.append(
            f"Customer {r.customer}: {r.incidents} incident(s), {r.requests} request(s); "
            f"times on the {r.clock} clock"
            + ("; pending time excluded." if r.exclude_pending else ".")
        )
        out += ["", _availability_text(r).capitalize() + ".", ""]
        for note in r.notes:
            out += [f"> {note}", ""]
        if r.figures:
            out.append("| " + " | ".join(_HEAD) + " |")
            out.append("|" + "---|" * len(_HEAD))
            out += ["| " + " | ".join(_figure_row(f)) + " |" for f in r.figures]
            out.append("")
        if r.breaches:
            out += ["Breaches:", ""]
            out += [f"- {_breach_text(b)}" for b in r.breaches]
            out.append("")
    return "\n".join(out)


def _evidence(b: Breach) -> list[dict[str, Any]]:
    return [{"id": e.id, "kind": e.kind, "file": e.file, "line": e.line} for e in b.evidence]


def to_data(r: SlaAttainment) -> dict[str, Any]:
    """Plain data for one SLA and period."""
    a = r.availability
    return {
        "sla": r.sla,
        "customer": r.customer,
        "period": {
            "label": r.period.label,
            "start": str(r.period.start),
            "end": str(r.period.last_day),
        },
        "clock": r.clock,
        "exclude_pending": r.exclude_pending,
        "incidents": r.incidents,
        "requests": r.requests,
        "untargeted": r.untargeted,
        "counts": r.counts,
        "availability": None
        if a is None
        else {
            "target": a.target,
            "measured": a.measured,
            "met": a.met,
            "downtime_seconds": a.downtime_seconds,
            "scheduled_seconds": a.scheduled_seconds,
            "clock": a.clock,
            "outages": [{"id": e.id, "file": e.file, "line": e.line} for e in a.outages],
        },
        "figures": [
            {
                "metric": f.metric,
                "kind": f.kind,
                "priority": f.priority,
                "target_seconds": f.target_seconds,
                "measured": f.measured,
                "within": f.within,
                "pending": f.pending,
                "share": f.share,
                "met": f.met,
                "mean_seconds": f.mean_seconds,
                "max_seconds": f.max_seconds,
            }
            for f in r.figures
        ],
        "breaches": [
            {
                "metric": b.metric,
                "measured": b.measured,
                "target": b.target,
                "unresolved": b.unresolved,
                "opened": b.opened.isoformat() if b.opened else None,
                "records": _evidence(b),
            }
            for b in r.breaches
        ],
        "notes": list(r.notes),
    }


def to_json(results: list[SlaAttainment]) -> str:
    """The versioned JSON envelope ``itsmkit/sla``."""
    from itsmkit.envelope import dumps, envelope

    return dumps(envelope("sla", {"results": [to_data(r) for r in results]}))
