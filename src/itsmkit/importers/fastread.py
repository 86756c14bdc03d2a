"""Read back the batch files the importer writes, without a YAML library, for speed.

The emitter writes a small, regular subset of YAML; this reads exactly that subset and
gives the values PyYAML would. Anything else (a comment, another quoting style, a hand
edit in any YAML syntax) raises :class:`NotCanonical`, and the caller falls back to PyYAML:
it only makes the common case fast, never a file read differently.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*): ?(.*)")
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_INT = re.compile(r"-?[0-9]+")
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?[+-]\d\d:\d\d")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "nan", "inf"})
_WORDS: dict[str, Any] = {"null": None, "true": True, "false": False, "[]": [], "{}": {}}


class NotCanonical(ValueError):
    """The text is not in the emitter's subset; read it with a YAML library."""


def _scalar(text: str) -> Any:
    if text in _WORDS:
        return [] if text == "[]" else {} if text == "{}" else _WORDS[text]
    first = text[:1]
    if first == '"':
        try:
            value = json.loads(text)
        except ValueError:
            raise NotCanonical(text) from None
        if not isinstance(value, str):
            raise NotCanonical(text)
        return value
    if first == "[" and text.endswith("]"):
        inner = text[1:-1]
        if '"' in inner or "'" in inner or "[" in inner or "{" in inner:
            raise NotCanonical(text)
        return [_scalar(part) for part in inner.split(", ")] if inner else []
    if _PLAIN.fullmatch(text):
        if text.lower() in _RESERVED or text.lower() in _WORDS:
            raise NotCanonical(text)
        return text
    if _STAMP.fullmatch(text):
        return dt.datetime.fromisoformat(text)
    if _INT.fullmatch(text):
        return int(text)
    if _DATE.fullmatch(text):
        return dt.date.fromisoformat(text)
    raise NotCanonical(text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block(lines: list[str], i: int, indent: int) -> tuple[Any, int]:
    """The mapping or list whose lines start at ``i`` with ``indent`` spaces."""
    if lines[i][indent:].startswith("- "):
        items: list[Any] = []
        while i < len(lines) and _indent(lines[i]) == indent and lines[i][indent:].startswith("- "):
            rest = lines[i][indent + 2 :]
            if _KEY.fullmatch(rest):
                # The first key of a mapping item sits after the dash: read it as indented.
                lines[i] = " " * (indent + 2) + rest
                value, i = _mapping(lines, i, indent + 2)
                items.append(value)
            else:
                items.append(_scalar(rest))
                i += 1
        return items, i
    return _mapping(lines, i, indent)


def _mapping(lines: list[str], i: int, indent: int) -> tuple[dict[str, Any], int]:
    out: dict[str, Any] = {}
    while i < len(lines):
        line = lines[i]
        here = _indent(line)
        if here < indent:
            break
        if here > indent:
            raise NotCanonical(line)
        match = _KEY.fullmatch(line[indent:])
        if match is None:
            raise NotCanonical(line)
        key, rest = match.groups()
        if key in out:
            raise NotCanonical(line)  # a duplicate key: let the YAML reader report it
        if rest:
            out[key] = _scalar(rest)
            i += 1
            continue
        i += 1
        if i >= len(lines) or _indent(lines[i]) <= indent:
            raise NotCanonical(line)  # an empty value: not what the emitter writes
        out[key], i = _block(lines, i, _indent(lines[i]))
    return out, i


def read_batch(text: str) -> dict[str, Any]:
    """The batch document the emitter wrote as ``text``; NotCanonical if it is not one."""
    lines = [line for line in text.split("\n") if line and not line.startswith("#")]
    if "\t" in text or "\r" in text:
        raise NotCanonical("tabs or carriage returns")
    data, end = _mapping(lines, 0, 0)
    if end != len(lines) or set(data) != {"kind", "of", "schema_version", "items"}:
        raise NotCanonical("not a whole batch")
    if not isinstance(data["items"], list):
        raise NotCanonical("items")
    return data
