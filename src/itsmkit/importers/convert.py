"""From an export row to an itsmkit ticket draft: values maps, dates, references, checks.

Every value is converted here, for all tools alike, so the rules are the same whatever the
source: an unknown priority, state or ticket type stops the import with the file, row and
column and the line to add to the mapping; a customer, service or person that is neither
mapped nor an existing id takes the mapping's default, or stops the import.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from itsmkit.errors import ImportProblem
from itsmkit.importers.base import ReadContext, SourceRow, Value
from itsmkit.importers.dates import DateError
from itsmkit.importers.mapping import ENUMS, FIELD_TYPES, REF_KINDS

_TAG = re.compile(r"<[^>]+>")
_TRUE = frozenset({"true", "yes", "oui", "1", "y", "o", "vrai", "sim", "ja"})
_FALSE = frozenset({"false", "no", "non", "0", "n", "faux", "não", "nao", "nein"})
# Conversions that depend only on the text (dates may warn per row, so they are not memoised).
_MEMO_KINDS = frozenset({"enum", "ref", "str", "int", "bool"})
INCIDENT_ONLY = ("service_state", "major", "security", "problem", "configuration_items")


@dataclass(slots=True)
class Draft:
    """An imported ticket: its kind, the helpdesk's id and the record's fields."""

    kind: str
    ticket_id: str
    fields: dict[str, Any]
    made_sla: bool | None
    row: int
    file: str


@dataclass
class Converter:
    """Converts rows of one export file; collects problems instead of stopping at one."""

    ctx: ReadContext
    ids: dict[str, str]
    """Artefact id → kind, for every artefact of the repository."""
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    _seen: set[tuple[str, str, str]] = field(default_factory=set)
    _ref_cache: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _failures: int = 0
    _memo: dict[tuple[str, str], Any] = field(default_factory=dict)

    def _problem(self, row: int, column: str | None, message: str, hint: str) -> None:
        self._failures += 1
        key = (column or "", message, "")
        if key in self._seen:
            return
        self._seen.add(key)
        self.problems.append(ImportProblem(self.ctx.file, row, column, message, hint))

    def convert(self, src: SourceRow) -> Draft | None:
        """The draft of ``src``, or None (and a problem recorded) if it cannot be mapped."""
        mapping = self.ctx.mapping
        raw: dict[str, tuple[Value, str]] = {}
        for column, value in src.values.items():
            targets = mapping.columns.get(column)
            if targets is None:
                if (
                    column not in mapping.ignore
                    and not mapping.ignore_unknown_columns
                    and not mapping.ignored(column)
                ):
                    self._problem(
                        src.row,
                        column,
                        "column not in the mapping",
                        f"Map it under `columns:` or list it under `ignore:` ({column!r}).",
                    )
                continue
            for target in targets:
                if target not in raw:
                    raw[target] = (value, column)
        before = self._failures
        out: dict[str, Any] = {}
        failed: set[str] = set()
        memo = self._memo
        for name, (value, column) in raw.items():
            key = (name, value) if isinstance(value, str) else None
            if key is not None and key in memo:
                out[name] = memo[key]
                continue
            count = self._failures
            converted = self._value(name, value, column, src.row)
            if converted is not None:
                out[name] = converted
                if key is not None and FIELD_TYPES[name] in _MEMO_KINDS:
                    memo[key] = converted
            elif self._failures > count:
                failed.add(name)
        for name, value in mapping.defaults.items():
            if name not in out and name not in ("customer", "service", "assignee"):
                out[name] = value
        for name in ("customer", "service"):
            if name not in out and name not in failed:
                if name in mapping.defaults:
                    out[name] = self._checked_default(name, src.row)
                else:
                    self._problem(
                        src.row,
                        None,
                        f"no {name}: no column maps to it and the mapping has no default",
                        f"Add `defaults: {{{name}: ...}}` to the mapping (an id of the repository).",
                    )
        if src.acknowledged is not None and "acknowledged" not in out:
            out["acknowledged"] = src.acknowledged
        ticket_id = out.pop("ticket_id", None)
        if ticket_id is None:
            self._problem(src.row, None, "no ticket id", "Map the export's id column to ticket_id.")
        for required in ("priority", "status", "opened"):
            if required not in out and required not in failed:
                self._problem(
                    src.row,
                    None,
                    f"no {required}",
                    f"Map a column to {required}, or give `defaults: {{{required}: ...}}`.",
                )
        if self._failures > before or ticket_id is None:
            return None
        kind = out.pop("kind", "incident")
        made_sla = out.pop("made_sla", None)
        pending = out.pop("pending_since", None)
        pauses = [
            {"start": start, "end": end, "reason": reason} for start, end, reason in src.pauses
        ]
        if pending is not None and out["status"] == "on-hold" and not pauses:
            pauses.append({"start": pending, "end": None, "reason": "pending"})
        if pauses:
            out["pauses"] = pauses
        if out["status"] in ("resolved", "closed") and "resolved" not in out and "closed" in out:
            out["resolved"] = out["closed"]  # tools with only a closure time
        if out["status"] not in ("resolved", "closed", "cancelled"):
            for name in ("resolved", "closed"):
                if out.pop(name, None) is not None:
                    self.warnings.append(
                        ImportProblem(
                            self.ctx.file,
                            src.row,
                            None,
                            f"ticket {ticket_id} is {out['status']} but has a {name} time "
                            "(reopened?); the time was left out",
                            None,
                        )
                    )
        self._order(out, str(ticket_id), src.row)
        if "summary" not in out:
            out["summary"] = f"{mapping.tool} ticket {ticket_id}"
        if kind == "incident":
            out.pop("request_type", None)
            out.setdefault("service_state", "unknown")
        else:
            for name in INCIDENT_ONLY:
                out.pop(name, None)
            out.setdefault("request_type", "other")
        return Draft(kind, str(ticket_id), out, made_sla, src.row, self.ctx.file)

    def _order(self, out: dict[str, Any], ticket_id: str, row: int) -> None:
        """Warn (validate will report it) when the export's own dates are out of order."""
        steps = [n for n in ("opened", "acknowledged", "resolved", "closed") if n in out]
        for earlier, later in itertools.pairwise(steps):
            if out[later] < out[earlier]:
                self.warnings.append(
                    ImportProblem(
                        self.ctx.file,
                        row,
                        None,
                        f"ticket {ticket_id}: {later} ({out[later].isoformat()}) is before "
                        f"{earlier} ({out[earlier].isoformat()}) in the export; imported as "
                        "it is (validate reports it)",
                        None,
                    )
                )

    def _checked_default(self, name: str, row: int) -> Any:
        value = self.ctx.mapping.defaults[name]
        if self.ids.get(value) != REF_KINDS[name]:
            self._problem(
                row,
                None,
                f"defaults.{name} is {value!r}, which is not a {REF_KINDS[name]} of the repository",
                f"Give the id of an existing {REF_KINDS[name]}.",
            )
        return value

    def _value(self, name: str, value: Value, column: str, row: int) -> Any:
        kind = FIELD_TYPES[name]
        if kind == "reflist":
            items = value if isinstance(value, list) else self._split(value)
            refs = [self._ref(name, item, column, row) for item in items if item.strip()]
            return [r for r in dict.fromkeys(refs) if r] or None
        text = _first(value)
        if text is None:
            return None
        if kind == "date":
            try:
                stamp = self.ctx.dates.parse(text)
            except DateError as exc:
                self._problem(
                    row,
                    column,
                    str(exc),
                    "Set `date_format:` (strptime) or `day_first:` in the mapping file.",
                )
                return None
            if text in self.ctx.dates.ambiguous:
                self.warnings.append(
                    ImportProblem(
                        self.ctx.file,
                        row,
                        column,
                        f"{text!r} happens twice (clocks went back); took the "
                        f"{self.ctx.mapping.ambiguous} one, {stamp.isoformat()}",
                        None,
                    )
                )
            return stamp
        if kind == "enum":
            return self._enum(name, text, column, row)
        if kind == "ref":
            return self._ref(name, text, column, row)
        if kind == "text":
            if self.ctx.mapping.html:
                text = _unhtml(text)
            text = text.strip()
            return text or None
        if kind == "str" or kind == "id":
            mapped = self.ctx.mapping.lookup(name, text)
            text = str(mapped) if mapped is not None else text.strip()
            if kind == "id":
                text = text.replace(" ", "").replace("\u202f", "").replace("\xa0", "")
            return text or None
        if kind == "int":
            mapped = self.ctx.mapping.lookup(name, text)
            try:
                return int(mapped if mapped is not None else text)
            except ValueError:
                self._problem(row, column, f"{text!r} is not a whole number", "Fix the export.")
                return None
        if kind == "bool":
            mapped = self.ctx.mapping.lookup(name, text)
            if isinstance(mapped, bool):
                return mapped
            folded = text.strip().casefold()
            if folded in _TRUE:
                return True
            if folded in _FALSE:
                return False
            self._problem(
                row,
                column,
                f"{text!r} is not yes or no",
                f"Add `values: {{{name}: {{{text!r}: true}}}}` (or false) to the mapping.",
            )
            return None
        raise AssertionError(kind)  # pragma: no cover - FIELD_TYPES is closed

    def _split(self, text: str) -> list[str]:
        parts = text.split(self.ctx.mapping.list_separator)
        return [p for part in parts for p in part.split("\n")]

    def _enum(self, name: str, text: str, column: str, row: int) -> str | None:
        allowed = ENUMS[name]
        mapped = self.ctx.mapping.lookup(name, text)
        if mapped is not None:
            return str(mapped)
        if text in allowed:
            return text
        example = {"priority": "P3", "status": "in-progress", "kind": "incident"}.get(
            name, sorted(allowed)[0]
        )
        self._problem(
            row,
            column,
            f"unknown {name} {text!r}",
            f"Map it in the mapping file: `values: {{{name}: {{{text!r}: {example}}}}}` "
            f"({name} is one of: {', '.join(sorted(allowed))}).",
        )
        return None

    def _ref(self, name: str, text: str, column: str, row: int) -> str | None:
        key = (name, text)
        if key in self._ref_cache:
            cached = self._ref_cache[key]
            if cached is None:
                self._failures += 1  # reported once, at its first row
            return cached
        want = REF_KINDS[name]
        mapped = self.ctx.mapping.lookup(name, text)
        result: str | None
        if mapped is not None:
            result = str(mapped)
            if self.ids.get(result) != want:
                self._problem(
                    row,
                    column,
                    f"the mapping gives {text!r} the {name} {result!r}, "
                    f"which is not a {want} of the repository",
                    f"Fix values.{name} in the mapping, or add the {want} {result}.",
                )
                result = None
        elif self.ids.get(text.strip()) == want:
            result = text.strip()
        elif name in self.ctx.mapping.defaults:
            result = self._checked_default(name, row)
        elif name in ("assignee",):
            result = None
            self._problem(
                row,
                column,
                f"{text!r} is not a person of the repository",
                f"Map it: `values: {{assignee: {{{text!r}: P-...}}}}`, or ignore the column.",
            )
        else:
            result = None
            self._problem(
                row,
                column,
                f"unknown {name} {text!r}",
                f"Map it to an id: `values: {{{name}: {{{text!r}: ...}}}}`, or set "
                f"`defaults: {{{name}: ...}}` in the mapping file.",
            )
        self._ref_cache[key] = result
        return result


def _first(value: Value) -> str | None:
    if isinstance(value, list):
        return next((v for v in value if v.strip()), None)
    return value if value.strip() else None


def _unhtml(text: str) -> str:
    if "&" not in text and "<" not in text:
        return text.replace("\xa0", " ")
    for _ in range(3):  # GLPI escapes its HTML content twice
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    text = re.sub(r"<br\s*/?>|</p>", "\n", text, flags=re.IGNORECASE)
    text = _TAG.sub("", text).replace("\xa0", " ")
    return re.sub(r"\n{3,}", "\n\n", text)


def as_utc(stamp: dt.datetime) -> dt.datetime:
    """The same instant in UTC (for comparisons)."""
    return stamp.astimezone(dt.timezone.utc)
