"""Business-time arithmetic: properties (hypothesis) and known answers (DST, holidays)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itsmkit.model.types import ServiceHours
from itsmkit.sla.calendar import BusinessCalendar, RoundTheClock, merge

PARIS = ZoneInfo("Europe/Paris")
HOUR = 3600.0


def cal(
    days: str = "mon tue wed thu fri", start: str = "08:00", end: str = "18:00", **kw: object
) -> BusinessCalendar:
    hours = ServiceHours.model_validate(
        {"days": days.split(), "start": start, "end": end, "time_zone": "Europe/Paris", **kw}
    )
    return BusinessCalendar.from_hours(hours, "FR")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=PARIS)


WEEKDAYS = cal()
NIGHTS = cal("mon tue wed thu fri sat sun", "22:00", "06:00")
ALLDAY = cal("mon tue wed thu fri sat sun", "00:00", "24:00", public_holidays=True)

# Instants over two years, in UTC, so both DST changes and many holidays are crossed.
instants = st.integers(
    min_value=int(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc).timestamp()),
    max_value=int(dt.datetime(2026, 12, 31, tzinfo=dt.timezone.utc).timestamp()),
).map(lambda s: dt.datetime.fromtimestamp(s, dt.timezone.utc))
calendars = st.sampled_from([WEEKDAYS, NIGHTS, ALLDAY])


@settings(max_examples=300, deadline=None)
@given(calendars, instants, instants, instants)
def test_business_time_is_additive_over_splits(
    c: BusinessCalendar, a: dt.datetime, b: dt.datetime, m: dt.datetime
) -> None:
    a, m, b = sorted((a, m, b))
    assert c.between(a, b) == pytest.approx(c.between(a, m) + c.between(m, b), abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(calendars, instants, instants, instants)
def test_business_time_is_monotonic_and_bounded(
    c: BusinessCalendar, a: dt.datetime, b: dt.datetime, later: dt.datetime
) -> None:
    a, b, later = sorted((a, b, later))
    assert 0 <= c.between(a, b) <= c.between(a, later)
    assert c.between(a, b) <= (b - a).total_seconds() + 1e-6
    assert c.between(b, a) == 0


@settings(max_examples=200, deadline=None)
@given(instants)
def test_round_the_clock_calendar_counts_real_time_except_holidays(a: dt.datetime) -> None:
    b = a + dt.timedelta(hours=30)
    assert ALLDAY.between(a, b) == pytest.approx(30 * HOUR)
    assert RoundTheClock().between(a, b) == 30 * HOUR


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)), st.integers(0, 9))
def test_zero_outside_service_hours(day: dt.date, hour: int) -> None:
    # Evenings and nights of any day, and any hour of a weekend, count nothing.
    evening = dt.datetime(day.year, day.month, day.day, 18, tzinfo=PARIS)
    assert WEEKDAYS.between(evening, evening + dt.timedelta(hours=13, minutes=59)) == 0
    if day.weekday() == 5:  # Saturday 00:00 to Monday 08:00
        start = dt.datetime(day.year, day.month, day.day, tzinfo=PARIS)
        assert WEEKDAYS.between(start, start + dt.timedelta(days=2, hours=8)) == 0
    early = dt.datetime(day.year, day.month, day.day, hour % 8, tzinfo=PARIS)
    assert WEEKDAYS.between(early, early.replace(hour=8)) == 0


def test_a_working_day_counts_its_window() -> None:
    assert WEEKDAYS.between(at("2026-05-04T07:00"), at("2026-05-04T20:00")) == 10 * HOUR
    assert WEEKDAYS.between(at("2026-05-04T17:30"), at("2026-05-05T08:30")) == HOUR
    # Friday 17:00 to Monday 09:00: one hour on each side of the weekend.
    assert WEEKDAYS.between(at("2026-06-05T17:00"), at("2026-06-08T09:00")) == 2 * HOUR


def test_dst_days_in_paris() -> None:
    # Clocks go forward on 29 March 2026 and back on 25 October 2026.
    assert ALLDAY.between(at("2026-03-29T00:00"), at("2026-03-30T00:00")) == 23 * HOUR
    assert ALLDAY.between(at("2026-10-25T00:00"), at("2026-10-26T00:00")) == 25 * HOUR
    sundays = cal("sun", "08:00", "20:00")
    assert sundays.between(at("2026-03-29T00:00"), at("2026-03-30T00:00")) == 12 * HOUR
    assert sundays.between(at("2026-10-25T00:00"), at("2026-10-26T00:00")) == 12 * HOUR
    # A night window that spans the change: 22:00 to 06:00 is 7 real hours in March, 9 in October.
    assert NIGHTS.between(at("2026-03-28T12:00"), at("2026-03-29T12:00")) == 7 * HOUR
    assert NIGHTS.between(at("2026-10-24T12:00"), at("2026-10-25T12:00")) == 9 * HOUR


def test_public_holidays_of_the_country() -> None:
    # 1 May 2026 is a Friday, 14 July a Tuesday, Easter Monday 6 April.
    for day in ("2026-05-01", "2026-07-14", "2026-04-06"):
        assert WEEKDAYS.between(at(f"{day}T00:00"), at(f"{day}T23:59")) == 0
    open_on_holidays = cal(public_holidays=True)
    assert open_on_holidays.between(at("2026-05-01T00:00"), at("2026-05-02T00:00")) == 10 * HOUR
    # Thursday 30 April 09:00 to Monday 4 May 09:00: 9 h + 1 h, the Friday being a holiday.
    assert WEEKDAYS.between(at("2026-04-30T09:00"), at("2026-05-04T09:00")) == 10 * HOUR


def test_no_country_no_holidays() -> None:
    hours = ServiceHours.model_validate({"days": ["fri"], "start": "08:00", "end": "18:00"})
    plain = BusinessCalendar.from_hours(hours, None)
    assert plain.between(at("2026-05-01T00:00"), at("2026-05-02T00:00")) == 10 * HOUR


def test_far_apart_instants_rebuild_the_cumulative_table() -> None:
    a, b = at("2015-01-05T08:00"), at("2035-01-05T08:00")
    far = WEEKDAYS.between(a, b)
    assert far == pytest.approx(
        WEEKDAYS.between(a, at("2025-01-06T08:00")) + WEEKDAYS.between(at("2025-01-06T08:00"), b)
    )
    assert 4900 * 10 * HOUR < far < 5300 * 10 * HOUR


def test_merge_joins_overlaps() -> None:
    t = at("2026-05-04T08:00")
    h = dt.timedelta(hours=1)
    assert merge(
        [(t, t + 2 * h), (t + h, t + 3 * h), (t + 5 * h, t + 4 * h), (t + 3 * h, t + 4 * h)]
    ) == [(t, t + 4 * h)]
