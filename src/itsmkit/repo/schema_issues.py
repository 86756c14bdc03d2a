"""Turn pydantic validation errors into issues with friendly messages and hints."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from itsmkit.catalogue import make
from itsmkit.issues import Issue, Loc


def _unwrap_models(annotation: Any) -> Iterator[type[BaseModel]]:
    """Model classes reachable through Optional, Union, list and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _unwrap_models(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType, list, tuple, set, frozenset):
        for arg in typing.get_args(annotation):
            yield from _unwrap_models(arg)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class describing the mapping found at ``loc`` inside ``model``'s data."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            # pydantic puts union branch names in locs; they name no field.
            continue
        found = list(_unwrap_models(field.annotation))
        current = found[0] if found else None
    return current


def _suggest(word: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def _where(loc: Loc) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc]
    return "".join(parts).lstrip(".") or "top level"


def _value_hint(err: Any, key: str) -> str | None:
    kind = err["type"]
    value = err.get("input")
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return f'Quote the value so YAML reads it as text: {key}: "{value}".'
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected")
        if expected:
            return f"Use one of: {expected}."
    if kind.startswith(("datetime", "timezone")):
        return "Write a timestamp with a time zone, e.g. 2025-03-04T08:12:00+01:00."
    if kind.startswith("date"):
        return "Write a date as YYYY-MM-DD, e.g. 2025-03-04."
    return None


def issues_from_error(
    exc: ValidationError,
    model: type[BaseModel],
    file: str,
    *,
    prefix: Loc = (),
    artefact: str | None = None,
) -> list[Issue]:
    """One issue per pydantic error, located by data path (resolved to line:col later)."""
    issues: list[Issue] = []
    for err in exc.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        full = prefix + loc
        kind = err["type"]
        key = str(loc[-1]) if loc else ""
        owner = model.__name__ if len(loc) <= 1 else _where(loc[:-1])
        if kind == "extra_forbidden":
            parent = model_at(model, loc[:-1])
            options = list(parent.model_fields) if parent else []
            guess = _suggest(key, options)
            hint = f"Did you mean '{guess}'?" if guess else None
            if hint is None and options:
                hint = "Allowed keys here: " + ", ".join(options) + "."
            issues.append(
                make(
                    "schema-unknown-key",
                    f"unknown key '{key}' in {owner}",
                    file,
                    loc=full,
                    artefact=artefact,
                    hint=hint,
                )
            )
        elif kind == "missing":
            issues.append(
                make(
                    "schema-missing-key",
                    f"missing required key '{key}' in {owner}",
                    file,
                    loc=full[:-1],
                    artefact=artefact,
                    hint=f"Add `{key}:`.",
                )
            )
        elif loc == ("id",) and kind in ("string_pattern_mismatch", "string_too_long"):
            issues.append(
                make(
                    "id-format",
                    f"id {err.get('input')!r} is not a valid id",
                    file,
                    loc=full,
                    artefact=artefact,
                )
            )
        elif loc == ("schema_version",):
            issues.append(
                make(
                    "schema-version",
                    f"schema_version {err.get('input')!r} is not supported (this itsmkit reads 1)",
                    file,
                    loc=full,
                    artefact=artefact,
                )
            )
        else:
            message = err["msg"]
            if message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            shown = repr(err.get("input"))
            if len(shown) > 60:
                shown = shown[:57] + "..."
            issues.append(
                make(
                    "schema-value",
                    f"{_where(loc)}: {message} (got {shown})",
                    file,
                    loc=full,
                    artefact=artefact,
                    hint=_value_hint(err, key),
                )
            )
    return issues
