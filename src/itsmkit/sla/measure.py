"""Measuring one SLA's targets over one period: the clocks, response and resolution, availability."""

from __future__ import annotations

import datetime as dt

from itsmkit.model.agreement import Clock as ClockName
from itsmkit.model.agreement import PriorityTarget, Sla
from itsmkit.model.operations import _Ticket
from itsmkit.sla.calendar import BusinessCalendar, Clock, RoundTheClock, merge
from itsmkit.sla.results import INCIDENT, REQUEST, Availability, Breach, Figure
from itsmkit.sla.tickets import Covered, evidence_of

_PREFIX = {INCIDENT: "", REQUEST: "request-"}


class Clocks:
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

    def judge(self, elapsed: float, done: bool, entry: Covered, breaches: list[Breach]) -> None:
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
                        (evidence_of(entry),),
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


def measure(
    sla: Sla,
    entries: list[Covered],
    stamps: list[float],
    clocks: Clocks,
    cutoff: dt.datetime,
) -> tuple[list[Figure], list[Breach], int]:
    """Response and resolution figures, breaches, and the count of tickets without a target."""
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


def measure_availability(
    sla: Sla,
    start: dt.datetime,
    cutoff: dt.datetime,
    outages: list[Covered],
    clocks: Clocks,
) -> Availability:
    """Availability over ``start`` → ``cutoff`` from the outages, on the availability clock."""
    spans = []
    evidence = []
    for entry in outages:
        t = entry.ticket
        end = t.resolved or t.closed or cutoff
        a, b = max(t.opened, start), min(end, cutoff)
        if b > a:
            spans.append((a, b))
            evidence.append(evidence_of(entry))
    clock = clocks.avail
    down = sum(clock.between(a, b) for a, b in merge(spans))
    scheduled = clock.between(start, cutoff)
    measured = None if scheduled <= 0 else round(100.0 * (1.0 - down / scheduled), 3)
    target = sla.targets.availability if sla.targets else None
    return Availability(target, measured, down, scheduled, clocks.avail_name, tuple(evidence))
