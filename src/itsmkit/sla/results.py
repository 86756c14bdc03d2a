"""What an SLA attainment computation yields: figures, availability, breaches, evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from itsmkit.issues import Loc
from itsmkit.sla.period import Period

INCIDENT, REQUEST = "incident", "service-request"


class Evidence(NamedTuple):
    """A record behind a figure or a breach, with where it is written."""

    # NamedTuples, not frozen dataclasses: a big repository has tens of thousands of breaches.
    id: str
    kind: str
    file: str
    loc: Loc = ()
    line: int | None = None

    @property
    def where(self) -> str:
        """``file:line`` (``file`` alone until located)."""
        return f"{self.file}:{self.line}" if self.line else self.file


class Breach(NamedTuple):
    """A missed target: which one, by how much, and the records that show it."""

    metric: str
    measured: float
    """Seconds for response and resolution; % for availability."""
    target: float
    evidence: tuple[Evidence, ...]
    opened: dt.datetime | None = None
    unresolved: bool = False
    """Still open at the cut-off: judged on the time elapsed so far."""


@dataclass(frozen=True, slots=True)
class Figure:
    """Attainment of one target (response or resolution, one priority, incidents or requests)."""

    metric: str
    kind: str
    priority: str
    target_seconds: float
    measured: int
    """Tickets judged: within target or breached (pending ones are not)."""
    within: int
    pending: int
    mean_seconds: float | None
    max_seconds: float | None

    @property
    def share(self) -> float | None:
        """Percentage of judged tickets within target (None when none was judged)."""
        return None if not self.measured else round(100.0 * self.within / self.measured, 2)

    @property
    def met(self) -> bool:
        """Every judged ticket is within target."""
        return self.within == self.measured


@dataclass(frozen=True, slots=True)
class Availability:
    """Availability of the SLA's services over the period."""

    target: float | None
    measured: float | None
    """Percentage; None when the period has no scheduled time."""
    downtime_seconds: float
    scheduled_seconds: float
    clock: str
    outages: tuple[Evidence, ...]

    @property
    def met(self) -> bool:
        """Measured availability reaches the target (met when there is no target)."""
        return self.target is None or self.measured is None or self.measured >= self.target


@dataclass(slots=True)
class SlaAttainment:
    """Attainment of one SLA over one period."""

    sla: str
    customer: str
    period: Period
    clock: str
    exclude_pending: bool
    incidents: int = 0
    requests: int = 0
    untargeted: int = 0
    """Covered tickets whose priority has no target."""
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    """Covered tickets per kind and priority."""
    figures: list[Figure] = field(default_factory=list)
    availability: Availability | None = None
    breaches: list[Breach] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def figure(self, metric: str) -> Figure | None:
        """The figure of ``metric`` (e.g. ``resolution:P1``), if measured."""
        return next((f for f in self.figures if f.metric == metric), None)

    def overall(self, metric: str) -> tuple[int, int, int]:
        """(within, judged, pending) over every priority of ``metric`` (e.g. ``resolution``)."""
        figs = [f for f in self.figures if f.metric.split(":")[0] == metric]
        return (
            sum(f.within for f in figs),
            sum(f.measured for f in figs),
            sum(f.pending for f in figs),
        )

    def value(self, metric: str) -> tuple[float | None, float | None, bool] | None:
        """(measured value, target value, met) of ``metric`` in report units, or None."""
        if metric == "availability":
            a = self.availability
            return None if a is None else (a.measured, a.target, a.met)
        if ":" not in metric:
            within, judged, _ = self.overall(metric)
            share = round(100.0 * within / judged, 2) if judged else None
            return (share, 100.0, within == judged)
        fig = self.figure(metric)
        return None if fig is None else (fig.share, 100.0, fig.met)


class SlaNotFoundError(LookupError):
    """No SLA with that id."""
