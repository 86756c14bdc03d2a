"""SLA figures for the site: attainment per period (and per priority when known), breaches.

Until computed SLA attainment (from the helpdesk tickets) lands, the figures come from the
service reports' measurements and breaches. :func:`sla_figures` is the one place to switch.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from itsmkit.model.reporting import ServiceReport
from itsmkit.model.types import LocalisedText
from itsmkit.query.index import Index

_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
_RATIO = re.compile(r"(\d+)\s*/\s*(\d+)")
_PRIORITY = re.compile(r"\b(P[1-5])\b")


@dataclass(frozen=True, slots=True)
class Measured:
    """One indicator in one period."""

    indicator: str
    target: str
    measured: str
    met: bool
    value: float | None  # the measured figure as a percentage, when it reads as one


@dataclass(frozen=True, slots=True)
class Period:
    """One reporting period of an SLA."""

    label: str
    start: dt.date
    end: dt.date
    report: str
    measured: list[Measured]


@dataclass(frozen=True, slots=True)
class BreachRow:
    """A missed target, in which period, with its incidents and actions."""

    period: str
    report: str
    description: str
    occurred_on: dt.date | None
    incidents: tuple[str, ...]
    actions: tuple[str, ...]


@dataclass(slots=True)
class SlaFigures:
    """What the SLA page shows."""

    sla: str
    source: str  # "service-reports" today; "computed" once attainment is computed
    periods: list[Period] = field(default_factory=list)
    breaches: list[BreachRow] = field(default_factory=list)

    @property
    def indicators(self) -> list[str]:
        """Indicator names in the order they first appear."""
        seen: dict[str, None] = {}
        for p in self.periods:
            for m in p.measured:
                seen.setdefault(m.indicator, None)
        return list(seen)

    def series(self) -> dict[str, list[float | None]]:
        """Per indicator, the figure of each period (None where it is missing)."""
        out: dict[str, list[float | None]] = {}
        for name in self.indicators:
            out[name] = [
                next((m.value for m in p.measured if m.indicator == name), None)
                for p in self.periods
            ]
        return out

    def by_priority(self) -> dict[str, list[float | None]]:
        """Per priority (P1..P5), the figure of each period, from indicators naming one."""
        out: dict[str, list[float | None]] = {}
        for name, values in self.series().items():
            found = _PRIORITY.search(name)
            if found:
                out.setdefault(found.group(1), values)
        return dict(sorted(out.items()))

    def met_counts(self) -> list[tuple[int, int]]:
        """(targets met, targets missed) per period."""
        return [
            (sum(m.met for m in p.measured), sum(not m.met for m in p.measured))
            for p in self.periods
        ]


def percentage(text: str) -> float | None:
    """A measured value as a percentage: ``99,95 %``, ``17/17 (100 %)``, ``30/31``."""
    found = _PERCENT.findall(text)
    if found:
        return float(found[-1].replace(",", "."))
    ratio = _RATIO.search(text)
    if ratio and int(ratio.group(2)):
        return round(100 * int(ratio.group(1)) / int(ratio.group(2)), 2)
    return None


def _text(value: object, lang: str) -> str:
    if isinstance(value, LocalisedText):
        return getattr(value, lang, None) or value.fr or value.en or ""
    return "" if value is None else str(value)


def sla_figures(index: Index, sla_id: str, lang: str) -> SlaFigures:
    """The figures of one SLA, from its service reports (the switch point for computed ones)."""
    figures = SlaFigures(sla_id, "service-reports")
    reports = [
        i.artefact
        for i in index.repo.by_kind("service-report")
        if isinstance(i.artefact, ServiceReport) and i.artefact.sla == sla_id
    ]
    reports.sort(key=lambda r: (r.period_start, r.id))
    for rep in reports:
        label = (
            rep.period_start.strftime("%Y-%m")
            if (rep.period_start.day == 1 and rep.period_end - rep.period_start < dt.timedelta(31))
            else f"{rep.period_start}–{rep.period_end}"
        )
        measured = [
            Measured(_text(m.indicator, lang), m.target, m.measured, m.met, percentage(m.measured))
            for m in rep.measurements
        ]
        figures.periods.append(Period(label, rep.period_start, rep.period_end, rep.id, measured))
        figures.breaches += [
            BreachRow(
                label,
                rep.id,
                _text(b.description, lang),
                b.occurred_on,
                tuple(b.incidents),
                tuple(b.actions),
            )
            for b in rep.breaches
        ]
    return figures
