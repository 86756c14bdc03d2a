"""A local time in a time zone: one instant, none (a DST gap) or two (a fold).

When clocks go forward an hour (half an hour on Lord Howe Island) is skipped, and the
local times in it never happen; when they go back, one is repeated, and its local times
happen twice. This module only says which case a local time is, with the candidate
instants; each reader keeps its own policy: the helpdesk import refuses a gap and picks
in a fold as its mapping says (``importers/dates.py``), the repository loader takes the
earlier instant and reports an issue (``model/localtime.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

Fate = Literal["ok", "gap", "fold"]
"""ok: the local time happens once; gap: never (skipped); fold: twice (repeated)."""

_HOUR = dt.timedelta(hours=1)


class WallTime(NamedTuple):
    """What a local time is in a zone, and its two readings (PEP 495 ``fold`` 0 and 1).

    ``before`` reads the local time with the offset in force before the change, ``after``
    with the one in force after it. When ``fate`` is ``ok`` both have the same offset (one
    instant); in a fold, ``before`` is the earlier instant and ``after`` the later; in a
    gap neither instant shows that local time (each is the skipped time moved by the
    change, one way or the other).
    """

    fate: Fate
    before: dt.datetime
    after: dt.datetime


def steady_offset(naive: dt.datetime, zone: ZoneInfo) -> dt.timedelta | None:
    """The UTC offset in force throughout the local hour of ``naive``, or None.

    None when the offset changes within that hour. Changes happen on the hour or the half
    hour, so an hour whose both ends (each read with either ``fold``) have one offset has
    it throughout: callers cache the answer per hour.
    """
    hour = naive.replace(minute=0, second=0, microsecond=0)
    ends = {
        moment.replace(tzinfo=zone, fold=fold).utcoffset()
        for moment in (hour, hour + _HOUR)
        for fold in (0, 1)
    }
    if len(ends) != 1:
        return None
    (offset,) = ends
    return offset


def wall_time(naive: dt.datetime, zone: ZoneInfo) -> WallTime:
    """Whether the naive local time ``naive`` happens once, never or twice in ``zone``."""
    before = naive.replace(tzinfo=zone, fold=0)
    after = naive.replace(tzinfo=zone, fold=1)
    if before.utcoffset() == after.utcoffset():
        return WallTime("ok", before, after)
    # A time in a fold comes back unchanged from UTC; one in a gap does not exist to.
    back = before.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
    return WallTime("gap" if back != naive else "fold", before, after)
