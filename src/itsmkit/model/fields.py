"""Reading fields of artefacts by name, for the checks written as data.

One matcher for every data-driven check: audit rules (``match:``), evidence selectors
(``where:``) and checklist items (``check:``, ``applies_if:``) all compare artefact
fields through these functions, so an enum, a dotted path or an empty list means the
same thing everywhere.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any


def plain(value: Any) -> Any:
    """An enum member's value; any other value unchanged."""
    return value.value if isinstance(value, enum.Enum) else value


def field_value(obj: Any, dotted: str) -> Any:
    """The plain value at ``dotted`` (e.g. ``preamble.customer``), or None when absent."""
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return plain(obj)


def is_empty(value: Any) -> bool:
    """Whether a field holds nothing: None, an empty string, list or mapping."""
    return value is None or value == "" or value == [] or value == {}


def matches_fields(obj: Any, where: Mapping[str, Any]) -> bool:
    """Whether every ``field: wanted`` holds; a list of wanted values means any of them."""
    for name, wanted in where.items():
        allowed = wanted if isinstance(wanted, list) else [wanted]
        if field_value(obj, name) not in allowed:
            return False
    return True


def lacking(entries: Any, key: str, wanted: Iterable[Any]) -> list[Any]:
    """Values of ``wanted`` that no entry of the list ``entries`` holds in its ``key`` field."""
    have = {field_value(e, key) for e in entries} if isinstance(entries, list) else set()
    return [w for w in wanted if w not in have]
