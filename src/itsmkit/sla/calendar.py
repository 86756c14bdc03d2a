"""Business-time arithmetic: how much of a span falls within a service's hours.

A :class:`BusinessCalendar` knows the working days, the daily window (local time), the
time zone and the public holidays. It computes a cumulative count of business seconds
``F(t)`` from a fixed origin, so the business time between ``a`` and ``b`` is
``F(b) - F(a)``: additive over splits and monotonic by construction. Each day's window
is turned into real instants through the time zone, so a day on which clocks change
counts its real length (an 08:00-20:00 window is 12 real hours on either DST Sunday,
a 00:00-24:00 window 23 or 25). A window whose end is not after its start runs past
midnight into the next day (22:00-06:00).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from itsmkit.model.types import WEEKDAYS, ServiceHours

_SPAN_DAYS = 800  # days of cumulative sums computed at once around the first date asked


def _clock(text: str) -> dt.timedelta:
    hours, minutes = text.split(":")
    return dt.timedelta(hours=int(hours), minutes=int(minutes))


def public_holidays(country: str) -> Container[dt.date]:
    """The public holidays of ``country`` (ISO 3166), any year, from the holidays library."""
    import holidays  # lazy: only attainment needs it, and it loads every country's data

    try:
        # The library's calendar fills in each year the first time a date of it is asked.
        days: Container[dt.date] = holidays.country_holidays(country)
    except NotImplementedError:
        from itsmkit.errors import UsageError

        raise UsageError(
            f"no public holiday calendar for country {country!r}",
            hint="Set `country:` in itsmkit.yaml to an ISO 3166 code such as FR, or set "
            "`public_holidays: true` in the SLA's service hours.",
        ) from None
    return days


@dataclass
class BusinessCalendar:
    """Service hours as a clock: working days, a daily window, a time zone, holidays."""

    days: frozenset[int]
    """Working weekdays, 0 = Monday."""
    start: dt.timedelta
    end: dt.timedelta
    tz: ZoneInfo
    holidays: Container[dt.date] = frozenset()
    _base: int = field(default=0, init=False, repr=False)
    _origin: int = field(default=0, init=False, repr=False)
    _cum: list[float] = field(default_factory=list, init=False, repr=False)
    _win: list[tuple[float, float]] = field(default_factory=list, init=False, repr=False)
    _mid: list[float] = field(default_factory=list, init=False, repr=False)

    @classmethod
    def from_hours(cls, hours: ServiceHours, country: str | None) -> BusinessCalendar:
        """The calendar of an SLA's service hours; ``country`` None means no holidays."""
        off: Container[dt.date] = (
            public_holidays(country)
            if country is not None and not hours.public_holidays
            else frozenset()
        )
        return cls(
            days=frozenset(WEEKDAYS.index(d) for d in hours.days),
            start=_clock(hours.start),
            end=_clock(hours.end),
            tz=ZoneInfo(hours.time_zone),
            holidays=off,
        )

    def _midnight(self, ordinal: int) -> float:
        day = dt.date.fromordinal(ordinal)
        return dt.datetime(day.year, day.month, day.day, tzinfo=self.tz).timestamp()

    def _window(self, ordinal: int) -> tuple[float, float]:
        day = dt.date.fromordinal(ordinal)
        if day.weekday() not in self.days or day in self.holidays:
            return (0.0, 0.0)
        midnight = dt.datetime(day.year, day.month, day.day)
        end = self.end if self.end > self.start else self.end + dt.timedelta(days=1)
        begin = (midnight + self.start).replace(tzinfo=self.tz).timestamp()
        finish = (midnight + end).replace(tzinfo=self.tz).timestamp()
        return (begin, max(begin, finish))

    def _build(self, ordinal: int) -> None:
        # Cumulative sums over a span of days around ``ordinal``, widened as needed. The
        # origin (the first day ever built) keeps the value 0, so figures computed before
        # a rebuild stay comparable with those after it.
        lo = ordinal - _SPAN_DAYS // 2
        hi = ordinal + _SPAN_DAYS // 2
        if self._cum:
            lo = min(lo, self._base)
            hi = max(hi, self._base + len(self._win) - 1)
        else:
            self._origin = lo
        self._base = lo
        self._win = [self._window(o) for o in range(lo, hi + 1)]
        self._mid = [self._midnight(o) for o in range(lo, hi + 2)]
        total = 0.0
        cum = []
        for begin, finish in self._win:
            cum.append(total)  # business seconds of the days before this one
            total += finish - begin
        shift = cum[self._origin - lo]
        self._cum = [c - shift for c in cum]

    def seconds_until(self, t: dt.datetime) -> float:
        """Business seconds from the calendar's origin to ``t`` (an aware datetime)."""
        return self.at(t.timestamp())

    def at(self, stamp: float) -> float:
        """Business seconds from the calendar's origin to the POSIX time ``stamp``."""
        mids = self._mid
        if not mids or stamp < mids[1] or stamp >= mids[-1]:
            self._build(dt.datetime.fromtimestamp(stamp, self.tz).toordinal())
            mids = self._mid
        i = (
            bisect_right(mids, stamp) - 1
        )  # the local day holding ``t``, found without a zone lookup
        # The previous day's window may run past midnight into this one.
        total = self._cum[i - 1]
        begin, finish = self._win[i - 1]
        if stamp > begin:
            total += (stamp if stamp < finish else finish) - begin
        begin, finish = self._win[i]
        if stamp > begin:
            total += (stamp if stamp < finish else finish) - begin
        return total

    def between(self, a: dt.datetime, b: dt.datetime) -> float:
        """Business seconds from ``a`` to ``b``; 0 when ``b`` is not after ``a``."""
        if b <= a:
            return 0.0
        return self.seconds_until(b) - self.seconds_until(a)


class RoundTheClock:
    """The 24x7 clock: every real second counts."""

    def seconds_until(self, t: dt.datetime) -> float:
        """Seconds from the epoch to ``t``."""
        return t.timestamp()

    def at(self, stamp: float) -> float:
        """The POSIX time itself: every second counts."""
        return stamp

    def between(self, a: dt.datetime, b: dt.datetime) -> float:
        """Real seconds from ``a`` to ``b``; 0 when ``b`` is not after ``a``."""
        return max(0.0, (b - a).total_seconds())


Clock = BusinessCalendar | RoundTheClock


def merge(
    spans: Iterable[tuple[dt.datetime, dt.datetime]],
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Overlapping or touching spans merged, in order; empty spans dropped."""
    out: list[tuple[dt.datetime, dt.datetime]] = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
