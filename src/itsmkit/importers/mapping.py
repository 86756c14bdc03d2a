"""How an export's columns and values become itsmkit fields: the mapping.

Each tool ships a default mapping as data (``itsmkit/data/import/<tool>.yaml``). A company
overrides or extends it with its own file (``--mapping``, by default
``imports/<tool>.yaml`` in the repository if present): ``columns`` and each ``values`` table
are merged key by key, ``ignore`` lists are joined, scalar settings replace the default.
The mapping also turns the helpdesk's customers, entities and categories into the
repository's ``CUST-`` and ``SVC-`` ids, with ``defaults`` for tickets that name none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from itsmkit.errors import ImportDataError, ImportProblem, UsageError
from itsmkit.resources import data_dir

if TYPE_CHECKING:
    from itsmkit.importers.base import ReadContext

# Field → how its text is converted (see convert.py).
FIELD_TYPES: dict[str, str] = {
    "ticket_id": "id",
    "kind": "enum",
    "summary": "text",
    "description": "text",
    "resolution": "text",
    "channel": "str",
    "service": "ref",
    "customer": "ref",
    "assignee": "ref",
    "problem": "ref",
    "configuration_items": "reflist",
    "priority": "enum",
    "status": "enum",
    "service_state": "enum",
    "request_type": "enum",
    "opened": "date",
    "acknowledged": "date",
    "resolved": "date",
    "closed": "date",
    "pending_since": "date",
    "escalation_level": "int",
    "major": "bool",
    "security": "bool",
    "made_sla": "bool",
}
ENUMS: dict[str, frozenset[str]] = {
    "kind": frozenset({"incident", "service-request"}),
    "priority": frozenset({"P1", "P2", "P3", "P4", "P5"}),
    "status": frozenset(
        {"new", "acknowledged", "in-progress", "on-hold", "resolved", "closed", "cancelled"}
    ),
    "service_state": frozenset({"nominal", "degraded", "unavailable", "unknown"}),
    "request_type": frozenset(
        {
            "information",
            "assistance",
            "access",
            "small-work",
            "standard-change",
            "supply",
            "complaint",
            "other",
        }
    ),
}
REF_KINDS = {
    "service": "service",
    "customer": "customer",
    "assignee": "person",
    "problem": "problem",
    "configuration_items": "configuration-item",
}
_SETTINGS = {
    "tool",
    "encoding",
    "delimiter",
    "date_format",
    "day_first",
    "time_zone",
    "ambiguous",
    "nulls",
    "columns",
    "ignore",
    "ignore_unknown_columns",
    "values",
    "defaults",
    "html",
    "list_separator",
    "replace",
}


@dataclass
class Mapping:
    """A tool's mapping after merging the company's file onto the default."""

    tool: str
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignore: set[str] = field(default_factory=set)
    ignore_unknown_columns: bool = False
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8-sig"
    delimiter: str | None = None
    date_format: str | None = None
    day_first: bool = True
    time_zone: str | None = None
    ambiguous: str = "earlier"
    nulls: frozenset[str] = frozenset({""})
    html: bool = False
    list_separator: str = "<br>"
    sources: tuple[str, ...] = ()
    _approved: set[str] = field(default_factory=set)
    _folded: dict[str, dict[str, Any]] = field(default_factory=dict)

    def check_columns(self, names: Iterable[str], ctx: ReadContext, row: int) -> None:
        """Stop on any column the mapping neither maps nor ignores."""
        unknown = [
            n
            for n in names
            if n not in self._approved
            and n not in self.columns
            and n not in self.ignore
            and not self.ignored(n)
        ]
        if unknown and not self.ignore_unknown_columns:
            raise ImportDataError(
                [
                    ImportProblem(
                        ctx.file,
                        row,
                        name,
                        "column not in the mapping",
                        f"Map it under `columns:` (e.g. {name!r}: summary) or list it under "
                        "`ignore:` in the mapping file.",
                    )
                    for name in unknown
                ]
            )
        self._approved.update(names)

    def ignored(self, name: str) -> bool:
        """Whether ``name`` matches an ``ignore:`` entry ending in ``*`` (a prefix)."""
        return any(p.endswith("*") and name.startswith(p[:-1]) for p in self.ignore)

    def lookup(self, field_name: str, raw: str) -> Any:
        """The value the ``values`` table gives ``raw``: exact, then case-insensitive."""
        table = self.values.get(field_name)
        if not table:
            return None
        if raw in table:
            return table[raw]
        folded = self._folded.get(field_name)
        if folded is None:
            folded = self._folded[field_name] = {str(k).casefold(): v for k, v in table.items()}
        return folded.get(raw.strip().casefold())


def default_mapping_path(tool: str) -> Path:
    """The mapping shipped for ``tool``."""
    return data_dir("import") / f"{tool}.yaml"


def _read(path: Path, label: str) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except OSError as exc:
        raise UsageError(f"{label}: cannot read the mapping file: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{label}: the mapping file is not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{label}: a mapping file is a YAML mapping of settings")
    unknown = sorted(set(data) - _SETTINGS)
    if unknown:
        raise UsageError(
            f"{label}: unknown setting(s) {', '.join(unknown)}",
            hint="A mapping file holds: " + ", ".join(sorted(_SETTINGS)) + ".",
        )
    return data


def load_mapping(tool: str, user: Path | None) -> Mapping:
    """The default mapping of ``tool``, with the company's file (if any) merged onto it."""
    base_path = default_mapping_path(tool)
    layers = [(_read(base_path, base_path.name), f"itsmkit default for {tool}")]
    if user is not None:
        data = _read(user, str(user))
        if data.get("tool") not in (None, tool):
            raise UsageError(
                f"{user}: this mapping is for {data['tool']!r}, not {tool!r}",
                hint=f"Import with `itsmkit import {data['tool']} ...`, or fix `tool:`.",
            )
        if data.get("replace"):
            layers = []
        layers.append((data, str(user)))
    mapping = Mapping(tool=tool, sources=tuple(label for _, label in layers))
    for data, label in layers:
        _merge(mapping, data, label)
    return mapping


def _targets(value: Any, column: str, label: str) -> tuple[str, ...]:
    if value is None:
        return ()
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise UsageError(f"{label}: column {column!r} must map to a field name or a list of them")
    for name in names:
        if name not in FIELD_TYPES:
            raise UsageError(
                f"{label}: column {column!r} maps to unknown field {name!r}",
                hint="Fields: " + ", ".join(FIELD_TYPES) + ".",
            )
    return tuple(names)


def _merge(mapping: Mapping, data: dict[str, Any], label: str) -> None:
    columns = data.get("columns") or {}
    if not isinstance(columns, dict):
        raise UsageError(f"{label}: `columns:` maps export columns to itsmkit fields")
    for column, value in columns.items():
        targets = _targets(value, str(column), label)
        if targets:
            mapping.columns[str(column)] = targets
            mapping.ignore.discard(str(column))
        else:
            mapping.columns.pop(str(column), None)
            mapping.ignore.add(str(column))
    ignore = data.get("ignore") or []
    if not isinstance(ignore, list):
        raise UsageError(f"{label}: `ignore:` is a list of column names")
    mapping.ignore.update(str(c) for c in ignore)
    for name, table in (data.get("values") or {}).items():
        if name not in FIELD_TYPES or not isinstance(table, dict):
            raise UsageError(f"{label}: `values:` maps a field name to a table, got {name!r}")
        allowed = ENUMS.get(name)
        for key, target in table.items():
            if allowed is not None and target is not None and target not in allowed:
                raise UsageError(
                    f"{label}: values.{name} maps {key!r} to {target!r}",
                    hint=f"{name} is one of: " + ", ".join(sorted(allowed)) + ".",
                )
        merged = mapping.values.setdefault(name, {})
        merged.update({str(k): v for k, v in table.items()})
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise UsageError(f"{label}: `defaults:` maps field names to values")
    for name, value in defaults.items():
        if name not in FIELD_TYPES:
            raise UsageError(f"{label}: default for unknown field {name!r}")
        allowed = ENUMS.get(name)
        if allowed is not None and value not in allowed:
            raise UsageError(
                f"{label}: defaults.{name} is {value!r}",
                hint=f"{name} is one of: " + ", ".join(sorted(allowed)) + ".",
            )
        mapping.defaults[name] = value
    for key in ("encoding", "delimiter", "date_format", "time_zone", "list_separator"):
        if key in data:
            setattr(mapping, key, None if data[key] is None else str(data[key]))
    for key in ("day_first", "html", "ignore_unknown_columns"):
        if key in data:
            setattr(mapping, key, bool(data[key]))
    if "ambiguous" in data:
        if data["ambiguous"] not in ("earlier", "later", "error"):
            raise UsageError(f"{label}: `ambiguous:` is earlier, later or error")
        mapping.ambiguous = data["ambiguous"]
    if "nulls" in data:
        mapping.nulls = frozenset({"", *(str(n) for n in data["nulls"] or [])})
    mapping._folded.clear()
