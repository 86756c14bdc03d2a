"""Calendar arithmetic of recurring SMS activities: months between occurrences of a frequency.

One home for what `due`, the audit's reporting and interval checks, and SLA periods share.
"""

from __future__ import annotations

import calendar
import datetime as dt

from itsmkit.model.agreement import Frequency

# Months between two occurrences (weekly is counted in days, see :func:`advance`).
FREQUENCY_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (back when negative), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def advance(day: dt.date, frequency: Frequency) -> dt.date:
    """The next occurrence after ``day`` at ``frequency``."""
    if frequency is Frequency.WEEKLY:
        return day + dt.timedelta(days=7)
    return add_months(day, FREQUENCY_MONTHS[frequency])
