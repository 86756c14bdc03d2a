"""Localised formatting of dates, durations, percentages, money and service hours.

Pure functions of (value, lang): the Jinja engine wraps them as filters, and tests call
them directly. French follows French typography (no-break space before ``%`` and the
currency, narrow no-break space between thousands); English follows British usage.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from itsmkit.model.types import LocalisedText, Money, ServiceHours
from itsmkit.textsafe import clean

NBSP = "\u00a0"
NNBSP = "\u202f"

_MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
_DAYS = {
    "fr": {
        "mon": "lundi",
        "tue": "mardi",
        "wed": "mercredi",
        "thu": "jeudi",
        "fri": "vendredi",
        "sat": "samedi",
        "sun": "dimanche",
    },
    "en": {
        "mon": "Monday",
        "tue": "Tuesday",
        "wed": "Wednesday",
        "thu": "Thursday",
        "fri": "Friday",
        "sat": "Saturday",
        "sun": "Sunday",
    },
}
_ORDER = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


_FALLBACKS: ContextVar[list[str] | None] = ContextVar("itsmkit_text_fallbacks", default=None)


@contextmanager
def tracking_fallbacks() -> Iterator[list[str]]:
    """Collect the texts shown in another language than the one asked, while rendering."""
    found: list[str] = []
    token = _FALLBACKS.set(found)
    try:
        yield found
    finally:
        _FALLBACKS.reset(token)


def record_fallback(shown: str) -> None:
    """Note a text shown in another language than the one asked (when tracking)."""
    record = _FALLBACKS.get()
    if record is not None:
        record.append(shown)


def text(value: str | LocalisedText | None, lang: str) -> str | None:
    """The text in ``lang``, falling back to the other language when it is missing.

    Each fallback is recorded (see :func:`tracking_fallbacks`) so that ``render`` can warn
    that a deliverable mixes languages.
    """
    if value is None or isinstance(value, str):
        return value
    preferred = getattr(value, lang, None)
    if preferred:
        return str(preferred)
    for other in ("fr", "en"):
        candidate = getattr(value, other, None)
        if candidate:
            record_fallback(str(candidate))
            return str(candidate)
    return ""


def date(value: dt.date | None, lang: str) -> str | None:
    """``4 mars 2025`` / ``1er mars 2025`` in French, ``4 March 2025`` in English."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    month = _MONTHS[lang][value.month - 1]
    day = "1er" if lang == "fr" and value.day == 1 else str(value.day)
    return f"{day} {month} {value.year}"


def datetime(value: dt.datetime | None, lang: str) -> str | None:
    """A date and a 24-hour time: ``4 mars 2025 à 8 h 12`` / ``4 March 2025, 08:12``."""
    if value is None:
        return None
    day = date(value.date(), lang)
    if lang == "fr":
        return f"{day} à {_clock_fr(value.hour, value.minute)}"
    return f"{day}, {value.hour:02d}:{value.minute:02d}"


def _group(digits: str, sep: str) -> str:
    parts: list[str] = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return sep.join(parts)


def number(value: float | int | Decimal | None, lang: str, places: int | None = None) -> str | None:
    """A number with the language's decimal mark; ``places`` fixes the decimals.

    Without ``places``, trailing zeros are dropped (99.50 gives ``99,5`` / ``99.5``).
    """
    if value is None:
        return None
    amount = Decimal(str(value))
    if places is not None:
        amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        raw = f"{amount:f}"
    else:
        raw = f"{amount.normalize():f}"
    sign = "-" if raw.startswith("-") else ""
    raw = raw.lstrip("-")
    whole, _, frac = raw.partition(".")
    sep, mark = (NNBSP, ",") if lang == "fr" else (",", ".")
    result = sign + _group(whole, sep)
    return f"{result}{mark}{frac}" if frac else result


def percent(value: float | None, lang: str) -> str | None:
    """``99,5 %`` (no-break space) in French, ``99.5%`` in English."""
    if value is None:
        return None
    shown = number(value, lang)
    return f"{shown}{NBSP}%" if lang == "fr" else f"{shown}%"


def money(value: Money | None, lang: str) -> str | None:
    """``1 200,50 € HT par mois`` in French, ``€1,200.50 excl. VAT per month`` in English.

    Other currencies by code; the tax basis and period only when the amount states them.
    """
    if value is None:
        return None
    places = 0 if value.amount == value.amount.to_integral_value() else 2
    shown = number(value.amount, lang, places)
    symbol = _SYMBOLS.get(value.currency)
    if lang == "fr":
        amount = f"{shown}{NBSP}{symbol or value.currency}"
    else:
        amount = f"{symbol}{shown}" if symbol else f"{value.currency}{NBSP}{shown}"
    tax = getattr(value, "tax", None)
    per = getattr(value, "per", None)
    if tax:
        amount += f"{NBSP}{_TAX[lang][tax]}" if lang == "fr" else f" {_TAX[lang][tax]}"
    if per:
        amount += f" {_PER[lang][per]}"
    return amount


_TAX = {"fr": {"excl": "HT", "incl": "TTC"}, "en": {"excl": "excl. VAT", "incl": "incl. VAT"}}
_PER = {
    "fr": {
        "one-off": "(paiement unique)",
        "month": "par mois",
        "quarter": "par trimestre",
        "year": "par an",
    },
    "en": {
        "one-off": "(one-off)",
        "month": "per month",
        "quarter": "per quarter",
        "year": "per year",
    },
}


_UNITS = {
    "fr": (("jour", "jours"), "h", "min"),
    "en": (("day", "days"), "h", "min"),
}


def duration(value: dt.timedelta | None, lang: str) -> str | None:
    """``4 h``, ``1 h 30 min``, ``2 jours`` / ``2 days``, ``1 jour 4 h`` / ``1 day 4 h``."""
    if value is None:
        return None
    total = round(value.total_seconds() / 60)
    days, rest = divmod(total, 1440)
    hours, minutes = divmod(rest, 60)
    (day1, days_n), h, mn = _UNITS[lang]
    parts: list[str] = []
    if days:
        parts.append(f"{days}{NBSP}{day1 if days == 1 else days_n}")
    if hours:
        parts.append(f"{hours}{NBSP}{h}")
    if minutes:
        parts.append(f"{minutes}{NBSP}{mn}")
    return " ".join(parts) or f"0{NBSP}{mn}"


def _clock_fr(hour: int, minute: int) -> str:
    return f"{hour}{NBSP}h" + (f"{NBSP}{minute:02d}" if minute else "")


def _clock(value: str, lang: str) -> str:
    hour, minute = (int(x) for x in value.split(":"))
    if lang == "fr":
        return _clock_fr(hour, minute)
    return f"{hour}:{minute:02d}"


def _days(days: list[str], lang: str) -> str:
    ordered = [d for d in _ORDER if d in days]
    names = _DAYS[lang]
    if len(ordered) == 7:
        return "tous les jours" if lang == "fr" else "every day"
    start, end = _ORDER.index(ordered[0]), _ORDER.index(ordered[-1])
    if len(ordered) >= 3 and end - start + 1 == len(ordered):
        if lang == "fr":
            return f"du {names[ordered[0]]} au {names[ordered[-1]]}"
        return f"{names[ordered[0]]} to {names[ordered[-1]]}"
    words = [names[d] for d in ordered]
    joiner = " et " if lang == "fr" else " and "
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + joiner + words[-1]
    return f"le {listed}" if lang == "fr" and len(words) == 1 else listed


def hours(value: ServiceHours | None, lang: str) -> str | None:
    """``du lundi au vendredi, de 8 h à 18 h`` / ``Monday to Friday, 8:00-18:00``."""
    if value is None:
        return None
    days = _days(list(value.days), lang)
    if lang == "fr" and days != "tous les jours" and not days.startswith(("du ", "le ")):
        days = f"les {days}"
    if value.start == "00:00" and value.end == "24:00":
        span = "24 h sur 24" if lang == "fr" else "24 hours a day"
    elif lang == "fr":
        span = f"de {_clock(value.start, lang)} à {_clock(value.end, lang)}"
    else:
        span = f"{_clock(value.start, lang)}-{_clock(value.end, lang)}"
    if lang == "fr":
        holidays = "jours fériés compris" if value.public_holidays else "hors jours fériés"
    else:
        holidays = ("including" if value.public_holidays else "excluding") + " public holidays"
    return f"{days}, {span} ({holidays})"


_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_MD_ANYWHERE = re.compile(r"([\\`*_{}\[\]<>#|~!])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# Only what would start a list, a thematic break or a setext underline at a line start.
_MD_LINE_START = re.compile(r"^(\s*)(\d+[.)]|[-+])(?=\s|$)|^(\s*)([-=])(?=[-=]*\s*$)", re.MULTILINE)


def escape_markdown(value: str) -> str:
    """Backslash-escape what Markdown would read as formatting, links, HTML or tables.

    Paragraph breaks (blank lines) are kept; single line breaks become spaces so a value
    cannot start a list, heading or table row of its own.
    """
    value = clean(value)
    paragraphs = [one_line(p) for p in re.split(r"\n[ \t\r\f\v]*\n", value.strip())]
    escaped = [_MD_ENTITY.sub(r"\\&", _MD_ANYWHERE.sub(r"\\\1", p)) for p in paragraphs if p]
    return "\n\n".join(_MD_LINE_START.sub(_escape_marker, p) for p in escaped)


def _escape_marker(match: re.Match[str]) -> str:
    indent = match.group(1) if match.group(2) else match.group(3)
    marker = match.group(2) or match.group(4)
    if marker[-1] in ".)":
        return f"{indent}{marker[:-1]}\\{marker[-1]}"
    return f"{indent}\\{marker}"


def one_line(value: str) -> str:
    """Collapse runs of ASCII white space, paragraph breaks included, into one space.

    No-break spaces stay: they keep ``99,5 %`` and ``8 h`` together.
    """
    return _ASCII_SPACE.sub(" ", clean(value)).strip(" \t\r\n\f\v")


def scalar(value: Any, lang: str) -> str | None:
    """Format any model value the way a reader expects it in ``lang``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("oui" if value else "non") if lang == "fr" else ("yes" if value else "no")
    if isinstance(value, LocalisedText):
        return text(value, lang)
    if isinstance(value, dt.datetime):
        return datetime(value, lang)
    if isinstance(value, dt.date):
        return date(value, lang)
    if isinstance(value, dt.timedelta):
        return duration(value, lang)
    if isinstance(value, Money):
        return money(value, lang)
    if isinstance(value, ServiceHours):
        return hours(value, lang)
    if isinstance(value, (float, Decimal)):
        return number(value, lang)
    enum_value = getattr(value, "value", None)
    if isinstance(enum_value, str):
        return enum_value
    return str(value)
