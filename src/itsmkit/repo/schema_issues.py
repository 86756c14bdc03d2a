"""Turn pydantic validation errors into issues with friendly messages and hints."""

from __future__ import annotations

import difflib
import re
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


def path_text(loc: Loc) -> str:
    """A data path as people write it: ``items[2].opened`` (``top level`` when empty)."""
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
        return _TIMESTAMP_HINT
    if kind.startswith("date"):
        return "Write a date as YYYY-MM-DD, e.g. 2025-03-04."
    return None


_TIMESTAMP_HINT = (
    "Write the date and the time, e.g. 2025-03-04T08:12 (read in the repository's"
    " time_zone) or 2025-03-04T08:12:00+01:00 (with its UTC offset)."
)

# Patterns of the models, in words (what a person would write).
PATTERN_WORDS = {
    r"^P[1-5]$": "P1 to P5",
    r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$": "a time HH:MM, 00:00 to 24:00",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "an e-mail address such as name@example.org",
    r"^\d+(?:\.\d+){0,2}$": "a version number such as 1.0 or 2.1.3",
    r"^[A-Z0-9][A-Z0-9-]*$": "capital letters, digits and hyphens, such as MAIL",
    r"^\d+-\d+$": "a range such as 1-5",
    r"^[A-Z]{1,5}(?:/[A-Z]{1,5})?$": "one or two groups of capital letters, such as RGS/RC",
}
_ALTERNATIVES = re.compile(r"^\^\(([\w|-]+)\)\$$")


def _or(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def _got(value: Any) -> str:
    shown = value if isinstance(value, str) else repr(value)
    return shown[:57] + "..." if len(shown) > 60 else shown


def _choices(err: Any) -> list[str] | None:
    """The allowed words of an enum, literal or ``^(a|b)$`` pattern error."""
    ctx = err.get("ctx") or {}
    if err["type"] in ("literal_error", "enum") and ctx.get("expected"):
        return re.findall(r"'([^']*)'", str(ctx["expected"])) or None
    if err["type"] == "string_pattern_mismatch":
        match = _ALTERNATIVES.match(str(ctx.get("pattern", "")))
        if match:
            return match.group(1).split("|")
    return None


def _plain(err: Any, loc: Loc, key: str) -> tuple[str, str | None]:
    """A message in plain words for a wrong value, and a hint that fits it."""
    kind: str = err["type"]
    value = err.get("input")
    where, got = path_text(loc), _got(value)
    ctx = err.get("ctx") or {}
    choices = _choices(err)
    if choices:
        guess = _suggest(str(value), choices) if isinstance(value, str) else None
        hint = f"Did you mean '{guess}'?" if guess else f"Use one of: {_or(choices)}."
        return f"{where} must be {_or(choices)}, got {got}", hint
    if kind == "string_pattern_mismatch":
        words = PATTERN_WORDS.get(str(ctx.get("pattern")))
        if words:
            return f"{where} must be {words}, got {got}", f"Write {words}."
        return f"{where} does not have the expected form, got {got}", None
    if kind.startswith(("datetime", "timezone")):
        return f"{where}: expected a timestamp YYYY-MM-DDTHH:MM, got {got}", _TIMESTAMP_HINT
    if kind.startswith("date"):
        return (
            f"{where}: expected a date YYYY-MM-DD, got {got}",
            "Write a date as YYYY-MM-DD, e.g. 2025-03-04.",
        )
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return (
            f"{where}: expected text, got {got}",
            f'Quote the value so YAML reads it as text: {key}: "{value}".',
        )
    plain = {
        "string_type": "expected text",
        "int_type": "expected a whole number",
        "int_parsing": "expected a whole number",
        "int_from_float": "expected a whole number",
        "float_type": "expected a number",
        "float_parsing": "expected a number",
        "bool_type": "expected true or false",
        "bool_parsing": "expected true or false",
        "list_type": "expected a list (lines starting with '- ')",
        "dict_type": "expected a mapping (lines of key: value)",
        "model_type": "expected a mapping (lines of key: value)",
        "model_attributes_type": "expected a mapping (lines of key: value)",
    }.get(kind)
    if plain:
        return f"{where}: {plain}, got {got}", None
    if kind == "too_short" and "min_length" in ctx:
        return f"{where} needs at least {ctx['min_length']} item(s)", None
    if kind == "too_long" and "max_length" in ctx:
        return f"{where} holds at most {ctx['max_length']} item(s)", None
    if kind == "string_too_short":
        return f"{where} must not be empty", None
    if kind == "string_too_long" and "max_length" in ctx:
        return f"{where} is longer than {ctx['max_length']} characters", None
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {
            "greater_than_equal": ("at least", "ge"),
            "greater_than": ("more than", "gt"),
            "less_than_equal": ("at most", "le"),
            "less_than": ("less than", "lt"),
        }[kind]
        return f"{where} must be {bound[0]} {ctx.get(bound[1])}, got {got}", None
    message = str(err["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return f"{where}: {message} (got {got})", _value_hint(err, key)


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
        owner = model.__name__ if len(loc) <= 1 else path_text(loc[:-1])
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
        elif kind == "invalid_key":
            issues.append(
                make(
                    "schema-value",
                    f"{path_text(loc[:-1])}: key {_got(err.get('input'))} is not text",
                    file,
                    loc=(*full, "[key]"),  # the key's column, not its value's
                    artefact=artefact,
                    hint=f'Quote the key so YAML reads it as text: "{err.get("input")}":',
                )
            )
        else:
            message, hint = _plain(err, loc, key)
            issues.append(
                make(
                    "schema-value",
                    message,
                    file,
                    loc=full,
                    artefact=artefact,
                    hint=hint,
                )
            )
    return issues
