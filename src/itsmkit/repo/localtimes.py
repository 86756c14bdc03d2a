"""Give timestamps written without an offset the repository's time zone, before validation.

The models require timestamps with an offset (``types.Timestamp``). Before validation the
loader gives the top-level timestamp fields written without one (every record's are
top-level) the offset of the repository's time zone (:mod:`itsmkit.model.localtime`),
at the cost of a look at each value's end. Any other timestamp pydantic still refuses for
its missing offset (one nested deeper) is read the same way and the item validated again.
Only fields typed ``Timestamp`` are touched, never dates or text. A local time that does not exist is
an error here; one that happens twice is read as the earlier and reported.
"""

from __future__ import annotations

import copy
import datetime as dt
import types
import typing
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ValidationError

from itsmkit.catalogue import make
from itsmkit.issues import Issue, Loc
from itsmkit.model.localtime import Localised, localise, naive_of, zone_of
from itsmkit.repo.root import id_of
from itsmkit.repo.schema_issues import path_text


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


def _is_timestamp(annotation: Any) -> bool:
    if annotation is AwareDatetime:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_timestamp(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_timestamp(arg) for arg in typing.get_args(annotation))
    return False


@cache
def timestamp_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The top-level fields of ``model`` typed as timestamps (``types.Timestamp``)."""
    return tuple(n for n, f in model.model_fields.items() if _is_timestamp(f.annotation))


def _note(
    path: Loc,
    naive: dt.datetime,
    local: Localised,
    zone: ZoneInfo,
    rel: str,
    prefix: Loc,
    artefact: str | None,
) -> Issue | None:
    if local.fate == "ok":
        return None
    shown = naive.isoformat(sep=" ", timespec="minutes")
    where = path_text(path)
    if local.fate == "gap":
        before, after = local.offsets
        return make(
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
    first, second = local.offsets  # a fold: the same local time twice
    return make(
        "timestamp-ambiguous",
        f"{where}: {shown} happens twice in {zone.key} (the clocks go back"
        f" then); read as the first, {first}",
        rel,
        loc=prefix + path,
        artefact=artefact,
        hint=f"Write the offset to say which: {naive.isoformat(timespec='minutes')}"
        f"{first} (the first) or {second} (the second).",
    )


def localised_first(
    data: dict[str, Any],
    fields: tuple[str, ...],
    time_zone: str,
    rel: str,
    prefix: Loc,
    into: list[Issue],
) -> dict[str, Any]:
    """``data`` with its top-level ``fields`` written without an offset given one.

    The common case, before validation: a value with an offset (or none at all) costs a
    lookup and a look at its end. Notes (gaps, folds) are added to ``into``.
    """
    fixed: dict[str, Any] | None = None
    zone: ZoneInfo | None = None
    for name in fields:
        value = data.get(name)
        if (
            type(value) is not str
            or len(value) < 16
            or value[-6] in "+-"  # +01:00, the usual offset: pydantic reads it
            or value[-1] in "Zz"
            or value[-5] in "+-"  # +0100
        ):
            continue
        naive = naive_of(value)
        if naive is None:
            continue
        zone = zone or zone_of(time_zone)
        if zone is None:
            return data
        local = localise(naive, zone, value)
        if fixed is None:
            fixed = dict(data)
        fixed[name] = local.text
        note = _note((name,), naive, local, zone, rel, prefix, id_of(data))
        if note is not None:
            into.append(note)
    return data if fixed is None else fixed


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
        note = _note(path, naive, local, zone, rel, prefix, artefact)
        if note is not None:
            notes.append(note)
    if not fixes:
        return None
    fixed = copy.deepcopy(data)
    for path, text in fixes:
        _set(fixed, path, text)
    return fixed, notes
