"""Lines of the records behind SLA breaches and outages (files parsed again, once each)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from itsmkit.repo.loader import Repository
from itsmkit.sla.results import Availability, Breach, Evidence, SlaAttainment


def locate(results: Iterable[SlaAttainment], repo: Repository) -> None:
    """Fill in the line of every breach's evidence (files are parsed again, once each)."""
    from itsmkit.repo.positions import Locator

    locator = Locator(repo.root)
    for res in results:
        res.breaches = [_located(b, locator) for b in res.breaches]
        if res.availability is not None:
            a = res.availability
            res.availability = Availability(
                a.target,
                a.measured,
                a.downtime_seconds,
                a.scheduled_seconds,
                a.clock,
                tuple(_where(e, locator) for e in a.outages),
            )


def _where(e: Evidence, locator: Any) -> Evidence:
    if e.line is not None:
        return e
    line, _ = locator.position(e.file, e.loc) if e.loc else (1, 1)
    return Evidence(e.id, e.kind, e.file, e.loc, line)


def _located(b: Breach, locator: Any) -> Breach:
    return Breach(
        b.metric,
        b.measured,
        b.target,
        tuple(_where(e, locator) for e in b.evidence),
        b.opened,
        b.unresolved,
    )
