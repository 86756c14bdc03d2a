"""Fingerprints of imported fields, kept in ``source.digest``: 4 hex digits per field.

A field whose current value no longer matches its fingerprint was edited by a person.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from itsmkit.importers.emitter import ORDER

DIGEST_FIELDS = tuple(k for k in ORDER if k != "id")
DIGEST_VERSION = "1"


def canonical(value: Any) -> str:
    """A stable text for a field value (YAML-read and freshly imported values agree)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "\x1f".join(canonical(v) for v in value)
    if isinstance(value, dict):
        return "\x1e".join(f"{k}={canonical(v)}" for k, v in sorted(value.items()))
    return str(value)


_HEX = tuple(f"{i:04x}" for i in range(0x10000))


def hash_of(value: Any) -> str:
    """One field's fingerprint: 4 hex digits of the CRC-32 of its canonical text."""
    kind = type(value)
    if kind is str:
        text = value
    elif kind is dt.datetime:
        text = value.isoformat()
    else:
        text = canonical(value)
    return _HEX[zlib.crc32(text.encode("utf-8")) & 0xFFFF]


_NONE = hash_of(None)


def digest_of(record: dict[str, Any]) -> str:
    """The fingerprint of a record's imported fields: 4 hex digits per field."""
    get = record.get
    parts = [_NONE if (v := get(f)) is None else hash_of(v) for f in DIGEST_FIELDS]
    return DIGEST_VERSION + ":" + "".join(parts)


def parts_of(digest: Any) -> list[str] | None:
    """The per-field fingerprints of a stored digest, or None if it is not one of ours."""
    if not isinstance(digest, str) or not digest.startswith(DIGEST_VERSION + ":"):
        return None
    body = digest[len(DIGEST_VERSION) + 1 :]
    if len(body) != 4 * len(DIGEST_FIELDS):
        return None
    return [body[i : i + 4] for i in range(0, len(body), 4)]
