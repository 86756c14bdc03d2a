"""The versioned JSON envelope every machine-readable output shares."""

from __future__ import annotations

import json
from typing import Any

from itsmkit import __version__

ENVELOPE_VERSION = 1


def envelope(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Wrap ``payload`` with the envelope's identity fields."""
    return {
        "schema": f"itsmkit/{kind}",
        "version": ENVELOPE_VERSION,
        "tool": {"name": "itsmkit", "version": __version__},
        **payload,
    }


def dumps(data: dict[str, Any]) -> str:
    """Stable, readable JSON."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
