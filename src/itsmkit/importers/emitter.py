"""Batch files the importer owns, written directly (no YAML library) for speed.

The importer regenerates its batch files whole rather than editing them with a round-trip
parser: these files hold flat records that itsmkit writes, so a direct emitter is an order
of magnitude faster than ruamel.yaml and its output is canonical (writing what it reads
gives the same bytes, which makes re-imports no-ops). A person may still edit the records:
every field is read back and written again as it stands, and hand edits of imported fields
are detected by the digest and kept. Only comments inside these files are not kept; the
header says so.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from json.encoder import encode_basestring as _quote  # json.dumps' own C escaper
from typing import Any

MARKER = "# Written by `itsmkit import`"
HEADER = (
    MARKER + ": fields edited by hand are kept on the next import; comments are not.\n"
    "# See docs/import.md.\n"
)
# The order fields are written in; fields a person added come after, in their order.
ORDER = (
    "id",
    "summary",
    "request_type",
    "service",
    "customer",
    "priority",
    "status",
    "opened",
    "acknowledged",
    "resolved",
    "closed",
    "assignee",
    "escalation_level",
    "channel",
    "service_state",
    "major",
    "security",
    "problem",
    "configuration_items",
    "description",
    "resolution",
    "pauses",
)
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"})
# Characters YAML does not allow unescaped in a double-quoted scalar (json leaves them raw).
_NON_PRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def owned(text: str) -> bool:
    """Whether a batch file's text was written by the importer."""
    return MARKER in text[:400]


@functools.lru_cache(maxsize=65536)
def _text(text: str) -> str:
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    quoted = _quote(text)
    if _NON_PRINTABLE.search(quoted):
        quoted = _NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    return quoted


def scalar(value: Any) -> str:
    """One YAML scalar that reads back as ``value``."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(str(value))


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _block(key: str, value: Any, indent: str, out: list[str]) -> None:
    key = _text(key)  # a key such as `on` or `yes` would read back as a boolean
    if isinstance(value, dict):
        if not value:
            out.append(f"{indent}{key}: {{}}")
            return
        out.append(f"{indent}{key}:")
        for k, v in value.items():
            _block(str(k), v, indent + "  ", out)
    elif isinstance(value, list):
        if all(_is_scalar(v) for v in value):
            out.append(f"{indent}{key}: [{', '.join(scalar(v) for v in value)}]")
            return
        out.append(f"{indent}{key}:")
        for item in value:
            _item(item, indent + "  ", out)
    else:
        out.append(f"{indent}{key}: {scalar(value)}")


def _item(item: Any, indent: str, out: list[str]) -> None:
    if not isinstance(item, dict) or not item:
        if isinstance(item, list):
            out.append(f"{indent}- [{', '.join(scalar(v) for v in item)}]")
        else:
            out.append(f"{indent}- {scalar(item) if not isinstance(item, dict) else '{}'}")
        return
    start = len(out)
    for k, v in item.items():
        _block(str(k), v, indent + "  ", out)
    out[start] = f"{indent}- " + out[start][len(indent) + 2 :]


def ordered(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its keys in the canonical order, ``source`` last."""
    out = {k: record[k] for k in ORDER if k in record}
    for k, v in record.items():
        if k not in out and k != "source":
            out[k] = v
    if "source" in record:
        out["source"] = record["source"]
    return out


def record_lines(record: dict[str, Any]) -> list[str]:
    """One batch item, as lines."""
    out: list[str] = []
    prefix = "  - "
    append = out.append
    for key, value in ordered(record).items():
        kind = type(value)
        if kind is str:
            append(f"{prefix}{_text(key)}: {_text(value)}")
        elif kind is dt.datetime:
            append(f"{prefix}{_text(key)}: {value.isoformat()}")
        elif isinstance(value, dict | list):
            start = len(out)
            _block(key, value, "    ", out)
            out[start] = prefix + out[start][4:]
        else:
            append(f"{prefix}{_text(key)}: {scalar(value)}")
        prefix = "    "
    if not out:
        out.append("  - {}")
    return out


def batch_text(of: str, records: Iterable[dict[str, Any]]) -> str:
    """A whole batch file."""
    lines = [HEADER + f"kind: batch\nof: {of}\nschema_version: 1\nitems:"]
    for record in records:
        lines.extend(record_lines(record))
    if len(lines) == 1:
        lines[0] += " []"
    return "\n".join(lines) + "\n"
