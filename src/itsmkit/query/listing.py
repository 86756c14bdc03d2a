"""``itsmkit list``: a register of artefacts, filtered by kind and by field conditions."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any

from itsmkit.errors import UsageError
from itsmkit.model.base import Artefact, Document
from itsmkit.model.fields import field_value
from itsmkit.model.types import LocalisedText
from itsmkit.repo.loader import Loaded, Repository

_CONDITION = re.compile(r"^(?P<field>[A-Za-z_][\w.]*)\s*(?P<op>!=|>=|<=|=|>|<)\s*(?P<value>.*)$")
COLUMNS = ("id", "kind", "family", "title", "status", "date", "file")


@dataclass(frozen=True, slots=True)
class Condition:
    """One ``--where`` test: ``field op value`` on a dotted field path."""

    field: str
    op: str
    value: str

    @classmethod
    def parse(cls, text: str) -> Condition:
        """Read ``priority=P1``, ``opened>=2026-07-01``, ``status!=closed``."""
        m = _CONDITION.match(text.strip())
        if m is None:
            raise UsageError(
                f"--where {text!r} is not a condition",
                hint="Write FIELD=VALUE (or !=, >=, <=, >, <), e.g. --where priority=P1.",
            )
        return cls(m["field"], m["op"], m["value"].strip())

    def holds(self, artefact: Artefact) -> bool:
        """Whether the artefact's value at ``field`` passes the test (any item, for lists)."""
        value = field_value(artefact, self.field)
        values = value if isinstance(value, list) else [value]
        return any(self._compare(v) for v in values)

    def _compare(self, value: Any) -> bool:
        if value is None:
            return self.op == "!=" and self.value not in ("", "none", "null")
        left, right = _comparable(value, self.value)
        if self.op == "=":
            return bool(left == right)
        if self.op == "!=":
            return bool(left != right)
        try:
            result = {
                ">=": left >= right,
                "<=": left <= right,
                ">": left > right,
                "<": left < right,
            }[self.op]
        except TypeError:
            return False
        return bool(result)


def _comparable(value: Any, text: str) -> tuple[Any, Any]:
    """Both sides as the same type: dates, numbers, or case-folded text."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, LocalisedText):
        value = value.fr or value.en or ""
    if isinstance(value, dt.datetime):
        try:
            other = dt.datetime.fromisoformat(text)
        except ValueError:
            return str(value), text
        if other.tzinfo is None:
            return value.date(), other.date()
        return value, other
    if isinstance(value, dt.date):
        try:
            return value, dt.date.fromisoformat(text)
        except ValueError:
            return str(value), text
    if isinstance(value, bool):
        return value, text.lower() in ("true", "yes", "1")
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        try:
            return float(value), float(text)
        except ValueError:
            return str(value), text
    return str(value).casefold(), text.casefold()


def title_of(artefact: Artefact, lang: str) -> str:
    """A one-line label: the title, name or summary in ``lang`` (another language if none)."""
    for name in ("title", "name", "summary", "description"):
        value = getattr(artefact, name, None)
        if isinstance(value, LocalisedText):
            value = getattr(value, lang, None) or value.fr or value.en
        if isinstance(value, str) and value:
            return " ".join(value.split())
    return ""


def _status(artefact: Artefact) -> str:
    for name in ("status", "ci_status"):
        value = getattr(artefact, name, None)
        if value is not None:
            return str(value.value if isinstance(value, enum.Enum) else value)
    return ""


def _date(artefact: Artefact) -> str:
    if isinstance(artefact, Document):
        return artefact.approved_on.isoformat() if artefact.approved_on else ""
    dates = artefact.evidence_dates()
    return dates[0].isoformat() if dates else ""


@dataclass(frozen=True, slots=True)
class Row:
    """One artefact in a register."""

    id: str
    kind: str
    family: str
    title: str
    status: str
    date: str
    file: str

    def as_dict(self) -> dict[str, str]:
        """The row as a mapping of the register's columns."""
        return {c: getattr(self, c) for c in COLUMNS}


@dataclass(frozen=True, slots=True)
class Listing:
    """The rows a ``list`` command found, in id order within each kind."""

    kind: str | None
    conditions: tuple[str, ...]
    rows: list[Row]


def _row(item: Loaded, lang: str) -> Row:
    a = item.artefact
    return Row(a.id, a.kind, a.family.value, title_of(a, lang), _status(a), _date(a), item.file)


def list_artefacts(
    repo: Repository, *, kind: str | None = None, where: list[str] | None = None
) -> Listing:
    """The artefacts of ``repo`` of one kind (all kinds when None) meeting every condition."""
    from itsmkit.model.registry import KINDS

    if kind is not None and kind not in KINDS:
        import difflib

        close = difflib.get_close_matches(kind, KINDS, n=1)
        raise UsageError(
            f"unknown kind {kind!r}",
            hint=f"Did you mean {close[0]!r}?" if close else "`itsmkit kinds` lists them.",
        )
    conditions = [Condition.parse(w) for w in where or []]
    lang = repo.config.language if repo.config else "fr"
    rows = [
        _row(item, lang)
        for item in repo.artefacts
        if (kind is None or item.artefact.kind == kind)
        and all(c.holds(item.artefact) for c in conditions)
    ]
    rows.sort(key=lambda r: (r.kind, r.id))
    return Listing(kind, tuple(where or ()), rows)
