"""Helpdesk timestamps: detect the format, give naive ones the repository's time zone.

Formats seen in exports: ISO 8601 (``2026-05-04 09:17[:00]``, ``...T...Z``), day-first
``29/2/2016 01:16`` and ``29-02-2016 01:16`` (with or without seconds), and Jira's
``03/Jan/24 10:15 AM``. A naive time that falls in a daylight-saving gap does not exist and
is an error; one that falls in a fold (it happens twice) is taken as the earlier one by
default and reported, so no timestamp is ever moved without saying so.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal
from zoneinfo import ZoneInfo

from itsmkit.model.localtime import zone_of
from itsmkit.walltime import steady_offset, wall_time

Ambiguous = Literal["earlier", "later", "error"]

_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?"
)
_NUMERIC = re.compile(
    r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
)
_MONTH_NAME = re.compile(
    r"(\d{1,2})[/ -]([A-Za-z]{3})[A-Za-z]*\.?[/ -](\d{2}|\d{4})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}


class DateError(ValueError):
    """A text that is not a timestamp this parser understands."""


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``, or DateError."""
    found = zone_of(name)
    if found is None:
        raise DateError(f"unknown time zone {name!r}")
    return found


class DateParser:
    """Parse export timestamps into aware datetimes in one time zone, with a cache.

    Args:
        time_zone: IANA zone given to naive timestamps and used to show aware ones.
        fmt: a ``strptime`` format; None detects ISO, day-first and month-name forms.
        day_first: for numeric ``a/b/yyyy`` dates, whether ``a`` is the day.
        ambiguous: which of the two instants a local time in a DST fold means.
    """

    def __init__(
        self,
        time_zone: str,
        fmt: str | None = None,
        *,
        day_first: bool = True,
        ambiguous: Ambiguous = "earlier",
    ) -> None:
        self.tz = zone(time_zone)
        self.fmt = fmt
        self.day_first = day_first
        self.ambiguous_policy = ambiguous
        self.ambiguous: set[str] = set()
        """Texts that named a local time occurring twice (reported as warnings)."""
        self._cache: dict[str, dt.datetime | str] = {}
        self._offsets: dict[tuple[int, int, int, int], dt.tzinfo] = {}

    def parse(self, text: str) -> dt.datetime:
        """The aware datetime ``text`` names; DateError if it names none."""
        hit = self._cache.get(text)
        if hit is None:
            try:
                hit = self._parse(text.strip())
            except DateError as exc:
                hit = str(exc)
            self._cache[text] = hit
        if isinstance(hit, str):
            raise DateError(hit)
        return hit

    def _parse(self, text: str) -> dt.datetime:
        if self.fmt:
            try:
                value = dt.datetime.strptime(text, self.fmt)
            except ValueError:
                raise DateError(f"{text!r} does not match the date format {self.fmt!r}") from None
        else:
            value = self._detect(text)
        if value.tzinfo is not None:
            return value.astimezone(self.tz)
        return self.localise(value, text)

    def _detect(self, text: str) -> dt.datetime:
        if len(text) in (16, 19) and text[4] == "-" and text[7] == "-" and text[10] in " T":
            # The common case, YYYY-MM-DD HH:MM[:SS], without a regular expression.
            try:
                return dt.datetime(
                    int(text[0:4]),
                    int(text[5:7]),
                    int(text[8:10]),
                    int(text[11:13]),
                    int(text[14:16]),
                    int(text[17:19]) if len(text) == 19 else 0,
                )
            except ValueError:
                pass  # not digits where expected, or out of range: the full parse says why
        try:
            match = _ISO.fullmatch(text)
            if match:
                return _iso(match)
            match = _NUMERIC.fullmatch(text)
            if match:
                a, _, b, year, hh, mm, ss, ampm = match.groups()
                day, month = (a, b) if self.day_first else (b, a)
                return dt.datetime(
                    int(year), int(month), int(day), _hour(hh, ampm), int(mm or 0), int(ss or 0)
                )
            match = _MONTH_NAME.fullmatch(text)
            if match:
                day, name, year, hh, mm, ss, ampm = match.groups()
                month = _MONTHS.get(name.lower())
                if month is None:
                    raise DateError(f"{text!r}: unknown month {name!r}")
                full_year = int(year) + (2000 if len(year) == 2 else 0)
                return dt.datetime(
                    full_year, month, int(day), _hour(hh, ampm), int(mm or 0), int(ss or 0)
                )
        except ValueError as exc:
            raise DateError(f"{text!r} is not a valid date: {exc}") from None
        raise DateError(
            f"{text!r} is not a date format itsmkit recognises "
            "(ISO, D/M/YYYY H:MM, D-M-YYYY H:MM, DD/Mon/YY h:mm AM)"
        )

    def localise(self, naive: dt.datetime, text: str = "") -> dt.datetime:
        """Give ``naive`` this parser's zone, refusing times that do not exist."""
        # The check is done once per local hour (see walltime.steady_offset).
        key = (naive.year, naive.month, naive.day, naive.hour)
        known = self._offsets.get(key)
        if known is not None:
            return naive.replace(tzinfo=known)
        offset = steady_offset(naive, self.tz)
        if offset is not None:
            fixed = dt.timezone(offset)
            self._offsets[key] = fixed
            return naive.replace(tzinfo=fixed)
        wall = wall_time(naive, self.tz)
        if wall.fate == "ok":
            return wall.before
        if wall.fate == "gap":
            raise DateError(
                f"{text or naive.isoformat()!r} does not exist in {self.tz.key} "
                "(clocks jump forward then); the export's time zone may not be the "
                "repository's: set time_zone in the mapping"
            )
        if self.ambiguous_policy == "error":
            raise DateError(
                f"{text or naive.isoformat()!r} happens twice in {self.tz.key} "
                "(clocks go back then); set ambiguous: earlier or later in the mapping"
            )
        self.ambiguous.add(text)
        return wall.before if self.ambiguous_policy == "earlier" else wall.after


def _hour(hh: str | None, ampm: str | None) -> int:
    hour = int(hh or 0)
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"hour {hour} with {ampm}")
        hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
    return hour


def _iso(match: re.Match[str]) -> dt.datetime:
    year, month, day, hh, mm, ss, frac, offset = match.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    tzinfo: dt.tzinfo | None = None
    if offset == "Z":
        tzinfo = dt.timezone.utc
    elif offset:
        digits = offset[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
        tzinfo = dt.timezone(dt.timedelta(minutes=minutes if offset[0] == "+" else -minutes))
    return dt.datetime(
        int(year),
        int(month),
        int(day),
        int(hh or 0),
        int(mm or 0),
        int(ss or 0),
        micro,
        tzinfo=tzinfo,
    )
