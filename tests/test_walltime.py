"""The one check of a local time against DST: normal, gap or fold, over several zones.

The oracle does not use ``fold``: a local time's instants are the UTC instants that
convert to it (UTC to local is always one answer), found among the offsets the zone uses
that year. Europe/Paris and America/New_York shift by an hour on different days;
Australia/Lord_Howe shifts by half an hour, in the other hemisphere.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from itsmkit.walltime import steady_offset, wall_time

YEAR = 2026
UTC = dt.timezone.utc
ZONES = ("Europe/Paris", "America/New_York", "Australia/Lord_Howe")
DAY = dt.timedelta(days=1)

# The local times skipped and repeated in 2026, from each zone's published rules: Paris on
# the last Sundays of March and October, New York on the second Sunday of March and the
# first of November, Lord Howe on the first Sundays of April (back) and October (forward).
CHANGES: dict[str, dict[str, tuple[dt.datetime, dt.datetime]]] = {
    "Europe/Paris": {
        "gap": (dt.datetime(2026, 3, 29, 2, 0), dt.datetime(2026, 3, 29, 3, 0)),
        "fold": (dt.datetime(2026, 10, 25, 2, 0), dt.datetime(2026, 10, 25, 3, 0)),
    },
    "America/New_York": {
        "gap": (dt.datetime(2026, 3, 8, 2, 0), dt.datetime(2026, 3, 8, 3, 0)),
        "fold": (dt.datetime(2026, 11, 1, 1, 0), dt.datetime(2026, 11, 1, 2, 0)),
    },
    "Australia/Lord_Howe": {
        "fold": (dt.datetime(2026, 4, 5, 1, 30), dt.datetime(2026, 4, 5, 2, 0)),
        "gap": (dt.datetime(2026, 10, 4, 2, 0), dt.datetime(2026, 10, 4, 2, 30)),
    },
}


@cache
def _offsets(name: str) -> frozenset[dt.timedelta]:
    """Every offset the zone uses around the year, sampled each hour in UTC."""
    zone = ZoneInfo(name)
    start = dt.datetime(YEAR - 1, 12, 30, tzinfo=UTC)
    found = set()
    for hours in range(24 * 368):
        offset = (start + dt.timedelta(hours=hours)).astimezone(zone).utcoffset()
        assert offset is not None
        found.add(offset)
    return frozenset(found)


def _offset_at(naive_utc: dt.datetime, zone: ZoneInfo) -> dt.timedelta:
    offset = naive_utc.replace(tzinfo=UTC).astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _instants(naive: dt.datetime, name: str) -> list[dt.datetime]:
    """The UTC instants whose local time in ``name`` is ``naive``, earliest first."""
    zone = ZoneInfo(name)
    found = set()
    for offset in _offsets(name):
        instant = (naive - offset).replace(tzinfo=UTC)
        if instant.astimezone(zone).replace(tzinfo=None) == naive:
            found.add(instant)
    return sorted(found)


def _check(naive: dt.datetime, name: str) -> str:
    """Compare wall_time with the oracle; return the fate."""
    zone = ZoneInfo(name)
    wall = wall_time(naive, zone)
    instants = _instants(naive, name)
    fates = {0: "gap", 1: "ok", 2: "fold"}
    assert wall.fate == fates[len(instants)], (naive, name, instants)
    before, after = wall.before.astimezone(UTC), wall.after.astimezone(UTC)
    # No two changes within a day in these zones: a day away, the offsets are settled.
    earlier, later = _offset_at(naive - DAY, zone), _offset_at(naive + DAY, zone)
    if wall.fate == "ok":
        assert before == after == instants[0]
        assert wall.before.replace(tzinfo=None) == naive
    elif wall.fate == "fold":
        assert (before, after) == (instants[0], instants[1])
        assert (wall.before.utcoffset(), wall.after.utcoffset()) == (earlier, later)
        assert earlier > later  # clocks went back
    else:
        assert (wall.before.utcoffset(), wall.after.utcoffset()) == (earlier, later)
        assert earlier < later  # clocks went forward
        for reading in (before, after):  # neither instant shows the skipped local time
            assert reading.astimezone(zone).replace(tzinfo=None) != naive
    return wall.fate


def _steady_check(naive: dt.datetime, name: str) -> None:
    steady = steady_offset(naive, ZoneInfo(name))
    if steady is not None:
        wall = wall_time(naive, ZoneInfo(name))
        assert wall.fate == "ok"
        assert wall.before.utcoffset() == steady


def test_every_quarter_hour_of_the_year_in_each_zone() -> None:
    # Changes happen on the hour or the half hour: a quarter-hour grid meets every one.
    step = dt.timedelta(minutes=15)
    for name in ZONES:
        zone = ZoneInfo(name)
        seen: dict[str, list[dt.datetime]] = {"ok": [], "gap": [], "fold": []}
        moment = dt.datetime(YEAR, 1, 1)
        unsteady = []
        while moment.year == YEAR:
            seen[_check(moment, name)].append(moment)
            if moment.minute == 0:
                steady = steady_offset(moment, zone)
                quarters = [moment + k * step for k in range(4)]
                if steady is None:
                    unsteady.append(moment)
                else:
                    for quarter in quarters:
                        wall = wall_time(quarter, zone)
                        assert (wall.fate, wall.before.utcoffset()) == ("ok", steady), quarter
            moment += step
        for fate in ("gap", "fold"):
            start, end = CHANGES[name][fate]
            expected = []
            slot = start
            while slot < end:
                expected.append(slot)
                slot += step
            assert seen[fate] == expected, (name, fate)
        # The per-hour cache only misses next to a change: the hour of it and the one before.
        changes = [CHANGES[name][fate][0] for fate in ("gap", "fold")]
        for hour in unsteady:
            assert any(dt.timedelta(0) <= c - hour <= dt.timedelta(hours=1) for c in changes), hour
        assert len(unsteady) <= 2 * len(changes)


_naive = st.datetimes(
    min_value=dt.datetime(YEAR, 1, 1), max_value=dt.datetime(YEAR, 12, 31, 23, 59)
)


@st.composite
def _near_a_change(draw: st.DrawFn) -> tuple[dt.datetime, str]:
    name = draw(st.sampled_from(ZONES))
    start, _ = CHANGES[name][draw(st.sampled_from(("gap", "fold")))]
    seconds = draw(st.integers(min_value=-2 * 3600, max_value=2 * 3600))
    micro = draw(st.integers(min_value=0, max_value=999_999))
    return start + dt.timedelta(seconds=seconds, microseconds=micro), name


@settings(max_examples=300, deadline=None)
@given(_naive, st.sampled_from(ZONES))
def test_any_local_time_of_the_year(naive: dt.datetime, name: str) -> None:
    _check(naive, name)
    _steady_check(naive, name)


@settings(max_examples=400, deadline=None)
@given(_near_a_change())
def test_local_times_near_a_change(case: tuple[dt.datetime, str]) -> None:
    naive, name = case
    _check(naive, name)
    _steady_check(naive, name)
