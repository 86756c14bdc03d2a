"""The JSON envelope of an error: what ``--format json`` prints when a command cannot run.

A consumer that asked for JSON always gets JSON: the report's own envelope when the
command ran, this one when it could not (bad path, bad configuration, usage error, or a
bug in itsmkit). ``error.code`` is stable; ``message`` and ``hint`` are for people.
"""

from __future__ import annotations

from typing import Any

from itsmkit.envelope import envelope

ERROR_KIND = "error"


def error_envelope(
    *,
    code: str,
    message: str,
    exit_code: int,
    hint: str | None = None,
    command: str | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The versioned envelope of one error (schema ``itsmkit/error``)."""
    return envelope(
        ERROR_KIND,
        {
            "command": command,
            "error": {
                "code": code,
                "message": message,
                "hint": hint,
                "exit_code": exit_code,
                "details": details or {},
            },
        },
    )
