"""Printers for the result of ``itsmkit import``: text and JSON."""

from __future__ import annotations

from typing import Any

from itsmkit.envelope import dumps, envelope
from itsmkit.importers.result import ImportResult

_MAX_IDS = 8


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:_MAX_IDS])
    return shown + (f" (+{len(ids) - _MAX_IDS} more)" if len(ids) > _MAX_IDS else "")


def to_text(result: ImportResult) -> str:
    """A summary per file, then each conflict field by field, then warnings."""
    verb = "would be" if result.dry_run else "were"
    lines = [
        f"{result.tool}: {result.tickets} ticket(s) read from {', '.join(result.exports)}",
    ]
    for f in result.files:
        parts = [f"{len(f.added)} added", f"{len(f.changed)} changed", f"{f.unchanged} unchanged"]
        if f.conflicts:
            parts.append(f"{len(f.conflicts)} conflict(s)")
        lines.append(f"  {f.path}: " + ", ".join(parts))
        if f.added and result.dry_run:
            lines.append(f"    added: {_ids(f.added)}")
        if f.changed:
            lines.append(f"    changed: {_ids(f.changed)}")
    for c in result.conflicts:
        lines.append(
            f"conflict {c.record} {c.field}: kept the hand edit {c.current!r}; "
            f"the export says {c.incoming!r}"
        )
    if result.conflicts:
        lines.append("  hint: keep the edits, or rerun with --force to take the export's values.")
    for w in result.warnings:
        lines.append(f"warning: {w}")
    total = (
        f"{result.added} added, {result.changed} changed, {result.unchanged} unchanged, "
        f"{len(result.conflicts)} conflict(s)"
    )
    if result.dry_run:
        lines.append(f"dry run: {total}; nothing written")
    elif result.written:
        lines.append(f"{total}; {len(result.written)} file(s) {verb} written")
    else:
        lines.append(f"{total}; nothing to write")
    return "\n".join(lines) + "\n"


def to_json(result: ImportResult) -> str:
    """The result in the versioned JSON envelope."""
    payload: dict[str, Any] = {
        "source": result.tool,
        "exports": result.exports,
        "tickets": result.tickets,
        "dry_run": result.dry_run,
        "force": result.force,
        "totals": {
            "added": result.added,
            "changed": result.changed,
            "unchanged": result.unchanged,
            "conflicts": len(result.conflicts),
        },
        "files": [
            {
                "path": f.path,
                "added": f.added,
                "changed": f.changed,
                "unchanged": f.unchanged,
                "conflicts": [
                    {
                        "record": c.record,
                        "field": c.field,
                        "current": c.current,
                        "incoming": c.incoming,
                    }
                    for c in f.conflicts
                ],
            }
            for f in result.files
        ],
        "warnings": [str(w) for w in result.warnings],
        "written": result.written,
    }
    return dumps(envelope("import", payload))
