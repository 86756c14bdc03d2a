"""Reporting periods: a month (2026-05), a quarter (2026-Q2), a half (2026-H1), a year (2026)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from itsmkit.model.recurrence import add_months

_PERIOD = re.compile(r"^(?P<y>\d{4})(?:-(?:(?P<m>0[1-9]|1[0-2])|Q(?P<q>[1-4])|H(?P<h>[12])))?$")
_MONTHS = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A span of whole months; ``end`` is the first day after it."""

    start: dt.date
    end: dt.date
    label: str

    @property
    def last_day(self) -> dt.date:
        """The period's last day (included)."""
        return self.end - dt.timedelta(days=1)


def parse_period(text: str) -> Period:
    """``2026-05``, ``2026-Q2``, ``2026-H1`` or ``2026``; ValueError otherwise."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a period")
    year = int(match["y"])
    if match["m"]:
        start, months = dt.date(year, int(match["m"]), 1), 1
    elif match["q"]:
        start, months = dt.date(year, 3 * int(match["q"]) - 2, 1), 3
    elif match["h"]:
        start, months = dt.date(year, 6 * int(match["h"]) - 5, 1), 6
    else:
        start, months = dt.date(year, 1, 1), 12
    return Period(start, add_months(start, months), text.strip())


def period_of(day: dt.date, window: str) -> Period:
    """The period of ``window`` (month, quarter, half-year, year) that holds ``day``."""
    if window == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    if window == "half-year":
        return parse_period(f"{day.year}-H{(day.month - 1) // 6 + 1}")
    if window == "year":
        return parse_period(f"{day.year}")
    return parse_period(f"{day.year}-{day.month:02d}")


def next_period(period: Period) -> Period:
    """The period of the same length that follows."""
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month
    window = {1: "month", 3: "quarter", 6: "half-year", 12: "year"}[months]
    return period_of(period.end, window)


__all__ = ["_MONTHS", "Period", "next_period", "parse_period", "period_of"]
