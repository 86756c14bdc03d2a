"""Service reports checked against the records they cover.

A measurement with a ``metric:`` and a ``measured_value:`` is recomputed from the
incident and service request records (see ``docs/sla.md``); a figure that disagrees is
an error naming both numbers. A breach the records show and the report does not list
is a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from itsmkit.catalogue import make
from itsmkit.issues import Issue
from itsmkit.model.agreement import Sla
from itsmkit.model.reporting import ServiceReport
from itsmkit.repo.loader import Loaded, Repository
from itsmkit.sla.period import Period

TOLERANCE = 0.05
"""Percentage points a reported figure may differ by (reports round to 0.01 or 0.1)."""


def report_period(rep: ServiceReport) -> Period:
    """The period a service report covers, as an attainment period."""
    end = rep.period_end + dt.timedelta(days=1)
    return Period(rep.period_start, end, f"{rep.period_start}..{rep.period_end}")


def _pct(value: float | None) -> str:
    return "no figure" if value is None else f"{value:g} %"


def check_report_figures(repo: Repository, today: dt.date) -> Iterator[Issue]:
    """Every measured figure of a service report agrees with the records."""
    reports = list(repo.by_kind("service-report"))
    if not reports:
        return
    from itsmkit.gcpause import gc_paused

    with gc_paused():
        yield from list(_check(repo, reports, today))


def _check(repo: Repository, reports: list[Loaded], today: dt.date) -> Iterator[Issue]:
    from itsmkit.sla.attainment import Attainer

    slas = {i.artefact.id: i.artefact for i in repo.by_kind("sla")}
    now = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), dt.timezone.utc)
    attainer = Attainer(repo, now=now)
    for item in reports:
        rep = item.artefact
        assert isinstance(rep, ServiceReport)
        sla = slas.get(rep.sla)
        if not isinstance(sla, Sla) or sla.customer is None:
            continue  # an unknown SLA is the reference rule's issue
        if not any(m.metric for m in rep.measurements):
            continue
        result = attainer.of(sla, report_period(rep))
        for n, m in enumerate(rep.measurements):
            if m.metric is None:
                continue
            value = result.value(m.metric)
            if value is None:
                continue  # no ticket of that kind and priority: nothing to compare
            computed, _, met = value
            if computed is None:
                continue
            loc = (*item.prefix, "measurements", n)
            if m.measured_value is not None and abs(m.measured_value - computed) > TOLERANCE:
                yield make(
                    "report-figure-mismatch",
                    f"{m.metric} is reported as {_pct(m.measured_value)} but the records "
                    f"give {_pct(computed)} for {rep.period_start}..{rep.period_end}",
                    item.file,
                    loc=(*loc, "measured_value"),
                    artefact=rep.id,
                )
            elif m.met != met:
                yield make(
                    "report-figure-mismatch",
                    f"{m.metric} is reported as {'met' if m.met else 'missed'} but the records "
                    f"say {'met' if met else 'missed'} ({_pct(computed)})",
                    item.file,
                    loc=(*loc, "met"),
                    artefact=rep.id,
                )
        listed = {r for b in rep.breaches for r in (*b.incidents, *b.requests)}
        for breach in result.breaches:
            if breach.metric == "availability":
                continue  # shown by the availability figure
            missing = [e.id for e in breach.evidence if e.id not in listed]
            if missing:
                yield make(
                    "report-breach-missing",
                    f"the records show a {breach.metric} breach ({', '.join(missing)}) that "
                    "the report does not list",
                    item.file,
                    loc=(*item.prefix, "breaches") if rep.breaches else (*item.prefix, "sla"),
                    artefact=rep.id,
                )
