"""Give timestamps written without an offset the repository's time zone, before validation.

The models require timestamps with an offset (``types.Timestamp``). Rather than pay for a
check on every timestamp, the loader validates as written; only when pydantic refuses some
timestamp for its missing offset does it read those values in the repository's time zone
(:mod:`itsmkit.model.localtime`) and validate again. Only fields typed ``Timestamp`` can
give that error, so dates and text are never touched. A local time that does not exist is
an error here; one that happens twice is read as the earlier and reported.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from itsmkit.catalogue import make
from itsmkit.issues import Issue, Loc
from itsmkit.model.localtime import localise, naive_of, zone_of

DEFAULT_TIME_ZONE = "Europe/Paris"
"""The zone used when itsmkit.yaml could not be read (``Config.time_zone``'s default)."""


def _where(loc: Loc) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc]
    return "".join(parts).lstrip(".") or "top level"


def _data_path(data: Any, loc: Loc) -> Loc | None:
    """``loc`` without the union branch names pydantic adds, or None if it leads nowhere."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not in_list and not (isinstance(node, dict) and part in node):
            continue  # a branch name such as 'function-after[...]' or a model's name
        node = node[part]
        path.append(part)
    return tuple(path) if path else None


def _set(data: Any, path: Loc, value: str) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def given_offsets(
    data: dict[str, Any],
    exc: ValidationError,
    time_zone: str,
    rel: str,
    prefix: Loc = (),
    artefact: str | None = None,
) -> tuple[dict[str, Any], list[Issue]] | None:
    """A copy of ``data`` whose offset-less timestamps carry the zone's offset, and notes.

    None when no error of ``exc`` is a timestamp without an offset (or the zone is
    unknown: the configuration reports that). The notes are an error per local time that
    never happens and a warning per one that happens twice.
    """
    zone = zone_of(time_zone)
    if zone is None:
        return None
    fixes: list[tuple[Loc, str]] = []
    notes: list[Issue] = []
    for err in exc.errors(include_url=False):
        if err["type"] != "timezone_aware":
            continue
        naive = naive_of(err.get("input"))
        path = _data_path(data, tuple(err["loc"]))
        if naive is None or path is None:
            continue  # a bare date, say: the model's message stands
        local = localise(naive, zone)
        fixes.append((path, local.text))
        shown = naive.isoformat(sep=" ", timespec="minutes")
        where = _where(path)
        if local.fate == "gap":
            before, after = local.offsets
            notes.append(
                make(
                    "timestamp-nonexistent",
                    f"{where}: {shown} never happens in {zone.key} (the clocks go forward"
                    f" from {before} to {after} then)",
                    rel,
                    loc=prefix + path,
                    artefact=artefact,
                    hint=f"Write the time with its UTC offset, e.g."
                    f" {naive.isoformat(timespec='minutes')}{before}, or the local time"
                    " the clocks showed after the change; time_zone in itsmkit.yaml says"
                    " which zone times without an offset are in.",
                )
            )
        elif local.fate == "fold":
            first, second = local.offsets
            notes.append(
                make(
                    "timestamp-ambiguous",
                    f"{where}: {shown} happens twice in {zone.key} (the clocks go back"
                    f" then); read as the first, {first}",
                    rel,
                    loc=prefix + path,
                    artefact=artefact,
                    hint=f"Write the offset to say which: {naive.isoformat(timespec='minutes')}"
                    f"{first} (the first) or {second} (the second).",
                )
            )
    if not fixes:
        return None
    fixed = copy.deepcopy(data)
    for path, text in fixes:
        _set(fixed, path, text)
    return fixed, notes
