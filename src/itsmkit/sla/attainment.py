"""SLA attainment computed from the incident and service request records.

Every rule is documented in ``docs/sla.md``; in short, for each SLA and period:

- covered tickets: the SLA's customer, one of its services, opened in the period,
  not cancelled;
- response = opened → acknowledged (→ resolved when never acknowledged);
  resolution = opened → resolved (→ closed when never marked resolved), less the
  ticket's pauses when the SLA's ``targets.exclude_pending`` says so;
- both counted on the SLA's clock (``targets.clock``): within service hours (working
  days, window, time zone, public holidays of ``itsmkit.yaml``'s country) or 24x7;
- a ticket still open at the cut-off (the period's end, or now if sooner; for a ticket
  imported from a helpdesk, its import time if sooner: it is known open only until then) is a breach
  if it is already over target, else pending (not counted in the share);
- a target is met when every measured ticket of its priority is within it;
- availability = 100 × (1 − downtime ÷ scheduled time), downtime being the union of
  the covered ``service_state: unavailable`` incidents from opened to resolved, on the
  availability clock (``targets.availability_clock``, 24x7 unless said otherwise).
"""

from __future__ import annotations

import datetime as dt
import gc
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from itsmkit.issues import Loc
from itsmkit.model.agreement import Clock as ClockName
from itsmkit.model.agreement import PriorityTarget, Sla
from itsmkit.model.base import DocStatus
from itsmkit.model.operations import Incident, ServiceState, TicketStatus, _Ticket
from itsmkit.repo.loader import Loaded, Repository
from itsmkit.sla.calendar import BusinessCalendar, Clock, RoundTheClock, merge
from itsmkit.sla.period import Period, next_period, parse_period, period_of

INCIDENT, REQUEST = "incident", "service-request"
_PREFIX = {INCIDENT: "", REQUEST: "request-"}
WINDOWS = {"month": "month", "quarter": "quarter", "year": "year"}


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


@dataclass(frozen=True, slots=True)
class _Covered:
    item: Loaded
    ticket: _Ticket
    kind: str


def _evidence(entry: _Covered) -> Evidence:
    return Evidence(entry.ticket.id, entry.kind, entry.item.file, entry.item.prefix)


def index_tickets(repo: Repository) -> dict[tuple[str, str], list[_Covered]]:
    """Incidents and service requests per (customer, service), cancelled ones left out."""
    out: dict[tuple[str, str], list[_Covered]] = defaultdict(list)
    for item in repo.artefacts:
        art = item.artefact
        kind = art.kind
        if kind != INCIDENT and kind != REQUEST:
            continue
        assert isinstance(art, _Ticket)
        if art.status is TicketStatus.CANCELLED:
            continue
        out[(art.customer, art.service)].append(_Covered(item, art, kind))
    return out


def _sla_zone(sla: Sla, default: str) -> ZoneInfo:
    return ZoneInfo(sla.service_hours.time_zone if sla.service_hours else default)


class _Clocks:
    """The SLA's two clocks, built once."""

    def __init__(self, sla: Sla, country: str) -> None:
        targets = sla.targets
        hours = sla.service_hours
        business: Clock | None = (
            BusinessCalendar.from_hours(hours, country) if hours is not None else None
        )

        def pick(name: ClockName) -> tuple[Clock, str]:
            if name is ClockName.SERVICE_HOURS and business is not None:
                return business, "service-hours"
            return RoundTheClock(), "24x7"

        self.times, self.times_name = pick(targets.clock if targets else ClockName.SERVICE_HOURS)
        self.avail, self.avail_name = pick(
            targets.availability_clock if targets else ClockName.ROUND_THE_CLOCK
        )
        self.fallback = (
            hours is None and targets is not None and (targets.clock is ClockName.SERVICE_HOURS)
        )


def _less_pauses(clock: Clock, ticket: _Ticket, end: dt.datetime) -> float:
    spans = merge((max(p.start, ticket.opened), min(p.end or end, end)) for p in ticket.pauses)
    return sum(clock.between(a, b) for a, b in spans)


def _targets(sla: Sla, kind: str) -> dict[str, PriorityTarget]:
    t = sla.targets
    if t is None:
        return {}
    chosen = t.requests if kind == REQUEST and t.requests is not None else t.per_priority
    return {p.priority: p for p in chosen}


class _Acc:
    """Running figures of one target (one kind, priority, response or resolution)."""

    __slots__ = ("kind", "metric", "pending", "priority", "target", "times", "what", "within")

    def __init__(self, kind: str, priority: str, what: str, target: float) -> None:
        self.kind, self.priority, self.what, self.target = kind, priority, what, target
        self.metric = f"{_PREFIX[kind]}{what}:{priority}"
        self.times: list[float] = []
        self.within = 0
        self.pending = 0

    def judge(self, elapsed: float, done: bool, entry: _Covered, breaches: list[Breach]) -> None:
        """Count one ticket: within, breached (listed), or pending."""
        if done or elapsed > self.target:
            self.times.append(elapsed)
            if elapsed <= self.target:
                self.within += 1
            else:
                breaches.append(
                    Breach(
                        self.metric,
                        elapsed,
                        self.target,
                        (_evidence(entry),),
                        entry.ticket.opened,
                        not done,
                    )
                )
        else:
            self.pending += 1

    def figure(self) -> Figure:
        """The finished figure."""
        times = self.times
        return Figure(
            metric=self.metric,
            kind=self.kind,
            priority=self.priority,
            target_seconds=self.target,
            measured=len(times),
            within=self.within,
            pending=self.pending,
            mean_seconds=sum(times) / len(times) if times else None,
            max_seconds=max(times) if times else None,
        )


def _measure(
    sla: Sla,
    entries: list[_Covered],
    stamps: list[float],
    clocks: _Clocks,
    cutoff: dt.datetime,
) -> tuple[list[Figure], list[Breach], int]:
    breaches: list[Breach] = []
    untargeted = 0
    exclude = bool(sla.targets and sla.targets.exclude_pending)
    clock = clocks.times
    until = clock.seconds_until
    at = clock.at
    # One pair of accumulators per kind and priority with a target, built before the loop.
    slots: dict[tuple[str, str], tuple[_Acc, _Acc]] = {}
    for kind in (INCIDENT, REQUEST):
        for priority, target in _targets(sla, kind).items():
            slots[(kind, priority)] = (
                _Acc(kind, priority, "response", target.response.total_seconds()),
                _Acc(kind, priority, "resolution", target.resolution.total_seconds()),
            )
    used: set[tuple[str, str]] = set()
    for entry, opened in zip(entries, stamps, strict=True):
        t = entry.ticket
        key = (entry.kind, t.priority)
        slot = slots.get(key)
        if slot is None:
            untargeted += 1
            continue
        used.add(key)
        resolved = t.resolved or t.closed
        answered = t.acknowledged or resolved
        f_open = at(opened)  # once per ticket: both times start at opening
        # An open ticket imported from a helpdesk is known open only up to its import: it is
        # judged then, not later (it may have been resolved since, in the helpdesk).
        known = t.source.imported if t.source is not None else None
        ticket_cut = min(cutoff, known) if known is not None else cutoff
        # Response: opened → acknowledged (or resolved), else the time so far.
        ack_end = answered if answered is not None else max(ticket_cut, t.opened)
        slot[0].judge(max(0.0, until(ack_end) - f_open), answered is not None, entry, breaches)
        res_end = resolved if resolved is not None else max(ticket_cut, t.opened)
        resolution = max(0.0, until(res_end) - f_open)
        if exclude and t.pauses:
            resolution = max(0.0, resolution - _less_pauses(clock, t, res_end))
        slot[1].judge(resolution, resolved is not None, entry, breaches)
    figures = [
        acc.figure()
        for key in sorted(used, key=lambda k: (k[0] != INCIDENT, k[1]))
        for acc in slots[key]
    ]
    return figures, breaches, untargeted


def _availability(
    sla: Sla,
    start: dt.datetime,
    cutoff: dt.datetime,
    outages: list[_Covered],
    clocks: _Clocks,
) -> Availability:
    spans = []
    evidence = []
    for entry in outages:
        t = entry.ticket
        end = t.resolved or t.closed or cutoff
        a, b = max(t.opened, start), min(end, cutoff)
        if b > a:
            spans.append((a, b))
            evidence.append(_evidence(entry))
    clock = clocks.avail
    down = sum(clock.between(a, b) for a, b in merge(spans))
    scheduled = clock.between(start, cutoff)
    measured = None if scheduled <= 0 else round(100.0 * (1.0 - down / scheduled), 3)
    target = sla.targets.availability if sla.targets else None
    return Availability(target, measured, down, scheduled, clocks.avail_name, tuple(evidence))


def _instant(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone)


def attain(
    sla: Sla,
    period: Period,
    entries: Iterable[_Covered],
    *,
    country: str,
    time_zone: str = "Europe/Paris",
    now: dt.datetime | None = None,
    clocks: _Clocks | None = None,
) -> SlaAttainment:
    """Attainment of ``sla`` over ``period`` from the SLA's covered tickets ``entries``."""
    zone = _sla_zone(sla, time_zone)
    start, end = _instant(period.start, zone), _instant(period.end, zone)
    cutoff = _cutoff(start, end, now)
    chosen = [e for e in entries if start <= e.ticket.opened < end]
    outages = [e for e in entries if _down_in(e, start, cutoff)]
    return _attain(
        sla,
        period,
        chosen,
        [e.ticket.opened.timestamp() for e in chosen],
        outages,
        clocks or _Clocks(sla, country),
        zone,
        now,
    )


def _cutoff(start: dt.datetime, end: dt.datetime, now: dt.datetime | None) -> dt.datetime:
    now = now or dt.datetime.now(dt.timezone.utc)
    return min(end, max(now, start))


def _down_in(entry: _Covered, start: dt.datetime, cutoff: dt.datetime) -> bool:
    t = entry.ticket
    return (
        isinstance(t, Incident)
        and t.service_state is ServiceState.UNAVAILABLE
        and t.opened < cutoff
        and (t.resolved or t.closed or cutoff) > start
    )


def _attain(
    sla: Sla,
    period: Period,
    opened_in: list[_Covered],
    stamps: list[float],
    outages: list[_Covered],
    clocks: _Clocks,
    zone: ZoneInfo,
    now: dt.datetime | None,
) -> SlaAttainment:
    start, end = _instant(period.start, zone), _instant(period.end, zone)
    cutoff = _cutoff(start, end, now)
    figures, breaches, untargeted = _measure(sla, opened_in, stamps, clocks, cutoff)
    result = SlaAttainment(
        sla=sla.id,
        customer=sla.customer or "",
        period=period,
        clock=clocks.times_name,
        exclude_pending=bool(sla.targets and sla.targets.exclude_pending),
        figures=figures,
        breaches=breaches,
        untargeted=untargeted,
    )
    counts: dict[str, dict[str, int]] = {INCIDENT: {}, REQUEST: {}}
    for entry in opened_in:
        per = counts[entry.kind]
        per[entry.ticket.priority] = per.get(entry.ticket.priority, 0) + 1
    result.counts = {k: dict(sorted(v.items())) for k, v in counts.items()}
    result.incidents = sum(counts[INCIDENT].values())
    result.requests = sum(counts[REQUEST].values())
    if clocks.fallback:
        result.notes.append("the SLA has no service hours: times counted round the clock")
    avail = _availability(sla, start, cutoff, outages, clocks)
    result.availability = avail
    if avail.target is not None and not avail.met and avail.measured is not None:
        result.breaches.append(Breach("availability", avail.measured, avail.target, avail.outages))
    if cutoff < end:
        result.notes.append(
            f"period in progress: measured up to {cutoff.isoformat(timespec='minutes')}"
        )
    return result


def _in_scope(sla: Sla) -> bool:
    return sla.status is not DocStatus.RETIRED and sla.customer is not None


def periods_of(sla: Sla, entries: list[_Covered], time_zone: str) -> list[Period]:
    """Every period of the SLA's measurement window from its first to its last covered ticket."""
    zone = _sla_zone(sla, time_zone)
    window = WINDOWS[sla.targets.measurement_window if sla.targets else "month"]
    days = [e.ticket.opened.astimezone(zone).date() for e in entries]
    if not days:
        return []
    out = [period_of(min(days), window)]
    last = max(days)
    while out[-1].end <= last:
        out.append(next_period(out[-1]))
    return out


class Attainer:
    """Measures SLAs of one repository; tickets are indexed once, clocks built once per SLA."""

    def __init__(self, repo: Repository, *, now: dt.datetime | None = None) -> None:
        self.country = repo.config.country if repo.config else "FR"
        self.zone = repo.config.time_zone if repo.config else "Europe/Paris"
        self.now = now
        self.tickets = index_tickets(repo)
        self._clocks: dict[str, _Clocks] = {}
        self._by_sla: dict[str, tuple[list[_Covered], list[float], list[_Covered]]] = {}

    def entries(self, sla: Sla) -> list[_Covered]:
        """The tickets of the SLA's customer and services (any date), by opening time."""
        key = sla.customer or ""
        found = [e for svc in sla.services for e in self.tickets.get((key, svc), [])]
        return sorted(found, key=lambda e: e.ticket.opened)

    def sorted_entries(self, sla: Sla) -> list[_Covered]:
        """:meth:`entries`, computed once per SLA."""
        return self._sorted(sla)[0]

    def _sorted(self, sla: Sla) -> tuple[list[_Covered], list[float], list[_Covered]]:
        cached = self._by_sla.get(sla.id)
        if cached is None:
            key = sla.customer or ""
            found = [e for svc in sla.services for e in self.tickets.get((key, svc), [])]
            pairs = sorted(((e.ticket.opened.timestamp(), n) for n, e in enumerate(found)))
            entries = [found[n] for _, n in pairs]
            stamps = [stamp for stamp, _ in pairs]
            outages = [
                e
                for e in entries
                if isinstance(e.ticket, Incident)
                and e.ticket.service_state is ServiceState.UNAVAILABLE
            ]
            cached = self._by_sla[sla.id] = (entries, stamps, outages)
        return cached

    def of(self, sla: Sla, period: Period, entries: list[_Covered] | None = None) -> SlaAttainment:
        """Attainment of ``sla`` over ``period``."""
        clocks = self._clocks.get(sla.id)
        if clocks is None:
            clocks = self._clocks[sla.id] = _Clocks(sla, self.country)
        zone = _sla_zone(sla, self.zone)
        if entries is not None:
            return attain(
                sla,
                period,
                entries,
                country=self.country,
                time_zone=self.zone,
                now=self.now,
                clocks=clocks,
            )
        # Only the tickets opened in the period (a slice of the sorted list), and the outages
        # that overlap it.
        everything, stamps, outages = self._sorted(sla)
        start, end = _instant(period.start, zone), _instant(period.end, zone)
        lo = bisect_left(stamps, start.timestamp())
        hi = bisect_left(stamps, end.timestamp())
        cutoff = _cutoff(start, end, self.now)
        down = [e for e in outages if _down_in(e, start, cutoff)]
        return _attain(sla, period, everything[lo:hi], stamps[lo:hi], down, clocks, zone, self.now)


def compute(
    repo: Repository,
    sla_id: str | None = None,
    period: str | Period | None = None,
    *,
    now: dt.datetime | None = None,
) -> list[SlaAttainment]:
    """Attainment of every SLA (or ``sla_id``) over ``period`` (or every period with tickets).

    SLAs that are retired or name no customer are skipped unless asked for by id.

    Raises:
        SlaNotFoundError: ``sla_id`` names no SLA of the repository.
        ValueError: ``period`` is not a period.
    """
    chosen = parse_period(period) if isinstance(period, str) else period
    slas = [i.artefact for i in repo.by_kind("sla")]
    if sla_id is not None:
        slas = [s for s in slas if s.id == sla_id]
        if not slas:
            raise SlaNotFoundError(sla_id)
    with paused_gc():
        attainer = Attainer(repo, now=now)
        out = []
        for sla in sorted(slas, key=lambda s: s.id):
            assert isinstance(sla, Sla)
            if not _in_scope(sla) and sla_id is None:
                continue
            entries = attainer.sorted_entries(sla)
            for p in [chosen] if chosen else periods_of(sla, entries, attainer.zone):
                out.append(attainer.of(sla, p))
    return out


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a computation that makes no cycles.

    Attainment allocates tens of thousands of small tuples (breaches, evidence); each
    full collection would rescan every model of the loaded repository, which on 50k
    records made the computation 50 % slower and its time erratic.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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
