"""A record updated from a newer export, keeping the fields a person edited."""

from __future__ import annotations

from typing import Any

from itsmkit.importers.convert import Draft
from itsmkit.importers.digest import (
    DIGEST_FIELDS,
    DIGEST_VERSION,
    canonical,
    digest_of,
    hash_of,
    parts_of,
)
from itsmkit.importers.result import Conflict


def same_record(current: dict[str, Any], merged: dict[str, Any]) -> bool:
    """Whether ``merged`` says what ``current`` says, ``source.imported`` aside."""

    def strip(record: dict[str, Any]) -> dict[str, Any]:
        out = dict(record)
        source = out.get("source")
        if isinstance(source, dict):
            out["source"] = {k: v for k, v in source.items() if k != "imported"}
        return out

    return canonical(strip(current)) == canonical(strip(merged))


def merge_record(
    current: dict[str, Any], draft: Draft, tool: str, force: bool
) -> tuple[dict[str, Any], list[Conflict]]:
    """The record updated from ``draft``, keeping hand edits unless ``force``."""
    source = current.get("source") if isinstance(current.get("source"), dict) else {}
    assert isinstance(source, dict)
    incoming = digest_of(draft.fields)
    if (
        source.get("digest") == incoming
        and digest_of(current) == incoming
        and source.get("ticket_id") == draft.ticket_id
        and source.get("made_sla") == draft.made_sla
    ):
        return current, []  # neither the export nor a person changed anything
    stored = parts_of(source.get("digest"))
    merged = dict(current)
    conflicts: list[Conflict] = []
    parts: list[str] = []
    record_id = str(current.get("id"))
    for index, name in enumerate(DIGEST_FIELDS):
        mine = current.get(name)
        theirs = draft.fields.get(name)
        edited = stored is None or hash_of(mine) != stored[index]
        if edited and not force and canonical(mine) != canonical(theirs):
            if theirs is not None:
                conflicts.append(Conflict(record_id, name, canonical(mine), canonical(theirs)))
            parts.append(stored[index] if stored else hash_of(theirs))
            continue
        if theirs is None:
            merged.pop(name, None)
        else:
            merged[name] = theirs
        parts.append(hash_of(theirs))
    new_source = {**source, "tool": tool, "ticket_id": draft.ticket_id}
    new_source["digest"] = DIGEST_VERSION + ":" + "".join(parts)
    if draft.made_sla is not None:
        new_source["made_sla"] = draft.made_sla
    merged["source"] = new_source
    return merged, conflicts
