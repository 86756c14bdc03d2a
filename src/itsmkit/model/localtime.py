"""Timestamps written without a UTC offset: the repository's time zone gives them one.

A file may say ``opened: 2026-03-04 08:12``; the loader reads it as 08:12 in the
repository's ``time_zone`` (``itsmkit.yaml``) and hands the models the same text with its
offset, ``2026-03-04T08:12:00+01:00``, so a timestamp means the same instant whether
written with its offset or not. Dates (``YYYY-MM-DD`` alone) are not timestamps and are
left alone. Two local times need a word (``walltime`` tells which they are; the helpdesk
import, ``importers/dates.py``, has a policy of its own):

- one that never happens (the hour skipped when clocks go forward) is an error;
- one that happens twice (the hour repeated when clocks go back) is taken as the earlier
  of the two, and reported.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from itsmkit.walltime import Fate, steady_offset, wall_time

NAIVE = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt _](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?")
"""A timestamp with its time of day and no offset (the forms the models read)."""


@lru_cache(maxsize=32)
def zone_of(name: str) -> ZoneInfo | None:
    """The IANA time zone ``name``, or None when there is none by that name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def naive_of(value: object) -> dt.datetime | None:
    """The naive date and time ``value`` names, or None (an offset, a bare date, not text)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is None else None
    if not isinstance(value, str):
        return None
    if len(value) in (16, 19) and value[10] in "T " and value[13] == ":":
        try:  # the common forms, YYYY-MM-DDTHH:MM[:SS], without a regular expression
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass  # the full parse below says whether it is one at all
    match = NAIVE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day, hh, mm, ss, frac = match.groups()
    try:
        return dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hh),
            int(mm),
            int(ss or 0),
            int((frac or "0")[:6].ljust(6, "0")),
        )
    except ValueError:
        return None  # out of range: the model's own message says so


class Localised(NamedTuple):  # a named tuple: made thousands of times per load, in C
    """A local time given its offset: the text to validate, and whether it needed a word."""

    text: str
    fate: Fate
    offsets: tuple[str, ...] = ()
    """For a gap or a fold: the offsets in force just before and just after the change."""


def _offset_text(moment: dt.datetime) -> str:
    return moment.isoformat()[-6:]


_STEADY: dict[tuple[str, int, int, int, int], str] = {}
"""Offsets of hours with one offset throughout (``walltime.steady_offset``), by zone and
local hour."""


def localise(naive: dt.datetime, zone: ZoneInfo, written: str = "") -> Localised:
    """``naive`` read in ``zone``: the earlier instant when it happens twice.

    ``written`` is the text ``naive`` was read from, if any: in its common forms
    (``YYYY-MM-DDTHH:MM[:SS]``) the result is that text and the offset, the quickest.
    """
    spec = "microseconds" if naive.microsecond else "seconds"
    key = (zone.key, naive.year, naive.month, naive.day, naive.hour)
    known = _STEADY.get(key)
    if known is not None:
        if len(written) in (16, 19) and written[10] == "T":
            return Localised(written + known, "ok")
        return Localised(naive.isoformat(timespec=spec) + known, "ok")
    if steady_offset(naive, zone) is not None:
        if len(_STEADY) < 100_000:
            hour = naive.replace(minute=0, second=0, microsecond=0)
            _STEADY[key] = _offset_text(hour.replace(tzinfo=zone))
        return Localised(naive.replace(tzinfo=zone).isoformat(timespec=spec), "ok")
    wall = wall_time(naive, zone)
    text = wall.before.isoformat(timespec=spec)
    if wall.fate == "ok":
        return Localised(text, "ok")
    return Localised(text, wall.fate, (_offset_text(wall.before), _offset_text(wall.after)))
