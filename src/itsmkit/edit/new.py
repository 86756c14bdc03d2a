"""``itsmkit new KIND``: a new record or artefact, valid as written, where the layout expects it.

The starter comes from data (``itsmkit/data/starters.yaml``) in the repository's
language. The id is the next free one of the kind's format; the owner is the person who
holds the role that owns the kind's process; references point at artefacts that exist.
A kind the repository already keeps in batch files is appended to this period's batch
file (the file of the latest such record, with its year and month moved to today's).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from itsmkit.config import Config
from itsmkit.errors import UsageError
from itsmkit.model.base import SCHEMA_VERSION
from itsmkit.query.index import Index
from itsmkit.repo.loader import Loaded
from itsmkit.repo.yamlread import compose, read
from itsmkit.resources import data_dir

_TOKEN = re.compile(r"\{\{([a-z_]+)\}\}")
_FIELD = re.compile(r"\{(yyyy|mm|dd|seq:0(\d))\}")


@dataclass(frozen=True, slots=True)
class NewArtefact:
    """What ``new`` writes: the file, its whole new text, and how."""

    id: str
    kind: str
    file: str
    text: str
    appended: bool  # True: one item added to an existing batch file


@cache
def starters() -> dict[str, Any]:
    """The starters data, read once."""
    result = read((data_dir() / "starters.yaml").read_bytes())
    kinds: dict[str, Any] = result.data["kinds"]
    return kinds


def _format_regex(fmt: str, today: dt.date) -> re.Pattern[str]:
    """A regex matching the ids of ``fmt`` for ``today``, the sequence number captured."""
    out, pos = "", 0
    values = {"yyyy": f"{today.year:04d}", "mm": f"{today.month:02d}", "dd": f"{today.day:02d}"}
    for m in _FIELD.finditer(fmt):
        out += re.escape(fmt[pos : m.start()])
        out += r"(\d+)" if m[1].startswith("seq") else re.escape(values[m[1]])
        pos = m.end()
    out += re.escape(fmt[pos:])
    return re.compile(f"^{out}$")


def next_id(fmt: str, taken: set[str], today: dt.date) -> str:
    """The next free id of format ``fmt`` on ``today``."""
    regex = _format_regex(fmt, today)
    used = [int(m[1]) for t in taken if (m := regex.match(t)) and m.groups()]
    seq = max(used, default=0) + 1
    width = next((int(m[2]) for m in _FIELD.finditer(fmt) if m[2]), 0)
    values = {"yyyy": f"{today.year:04d}", "mm": f"{today.month:02d}", "dd": f"{today.day:02d}"}
    found = _FIELD.sub(
        lambda m: f"{seq:0{width}d}" if m[1].startswith("seq") else values[m[1]], fmt
    )
    if found in taken:
        raise UsageError(
            f"the next id {found!r} is taken", hint="Give the id: itsmkit new KIND ID."
        )
    return found


def _first(index: Index, kind: str) -> str | None:
    ids = sorted(i.artefact.id for i in index.repo.by_kind(kind))
    return ids[0] if ids else None


def _owner(index: Index, process: str) -> str | None:
    """The person holding the role that owns ``process`` (the service manager's otherwise)."""
    owning = sorted(
        r.artefact.id
        for r in index.repo.by_kind("role")
        if process in [p.value for p in getattr(r.artefact, "processes", [])]
    )
    people = sorted(index.repo.by_kind("person"), key=lambda p: p.artefact.id)
    for role in owning:
        for person in people:
            if role in getattr(person.artefact, "roles", []):
                return person.artefact.id
    return people[0].artefact.id if people else None


def _tokens(index: Index, config: Config, spec: dict[str, Any], today: dt.date) -> dict[str, str]:
    now = dt.datetime.now(ZoneInfo(config.time_zone)).replace(microsecond=0, second=0)
    if now.date() != today:  # --today or reference_date: the record is opened that day
        now = dt.datetime.combine(today, dt.time(9, 0), ZoneInfo(config.time_zone))
    period_end = today.replace(day=1) - dt.timedelta(days=1)
    values = {
        "today": today.isoformat(),
        "now": now.isoformat(),
        "due": (today + dt.timedelta(days=30)).isoformat(),
        "period_start": period_end.replace(day=1).isoformat(),
        "period_end": period_end.isoformat(),
        "owner": _owner(index, spec["process"]),
        "person": _first(index, "person"),
    }
    for kind in ("service", "customer", "supplier", "sla", "uc"):
        values[kind] = _first(index, kind)
    return {k: v for k, v in values.items() if v is not None}


def _fill(body: str, tokens: dict[str, str], kind: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m[1] not in tokens:
            raise UsageError(
                f"a new {kind} needs a {m[1]}, and the repository has none",
                hint=f"Create one first, e.g. `itsmkit new {m[1]}` or with `itsmkit init`.",
            )
        return tokens[m[1]]

    return _TOKEN.sub(one, body)


def _set(body: str, assignments: list[str]) -> str:
    """Apply ``--set key=value`` to the top-level fields of a starter body."""
    lines = body.splitlines()
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[a-z_][a-z0-9_]*", key):
            raise UsageError(
                f"--set {assignment!r} is not FIELD=VALUE",
                hint="Set top-level fields, e.g. --set priority=P1 --set 'summary=Mail is down'.",
            )
        new = f"{key}: {value.strip()}"
        at = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
        if at is None:
            lines.append(new)
            continue
        end = at + 1
        while end < len(lines) and lines[end].startswith((" ", "-")):
            end += 1  # the old value's block lines go with it
        lines[at:end] = [new]
    return "\n".join(lines) + "\n"


def _period_path(path: str, latest: Loaded, today: dt.date) -> str:
    """``path`` of the latest record of the kind, moved to today's month and year."""
    dates = latest.artefact.evidence_dates()
    if dates is None:
        return path
    then = dates[0]
    path = path.replace(f"{then.year:04d}-{then.month:02d}", f"{today.year:04d}-{today.month:02d}")
    return path.replace(f"{then.year:04d}", f"{today.year:04d}")


def _target(
    index: Index, kind: str, spec: dict[str, Any], new_id: str, today: dt.date
) -> tuple[str, bool]:
    """Where the new artefact goes, and whether that is a batch file."""
    existing = list(index.repo.by_kind(kind))
    if existing:
        latest = max(existing, key=lambda i: (i.artefact.evidence_dates() or (dt.date.min,))[0])
        if latest.prefix:  # the kind is kept in batch files: this period's batch file
            return _period_path(latest.file, latest, today), True
        folder = Path(latest.file).parent.as_posix()
        return _period_path(f"{folder}/{new_id.lower()}.yaml", latest, today), False
    values = {"yyyy": f"{today.year:04d}", "mm": f"{today.month:02d}", "id": new_id.lower()}
    return spec["file"].format(**values), "{id}" not in spec["file"]


def _item_block(new_id: str, body: str, indent: int) -> str:
    pad = " " * indent
    lines = [f"{pad}- id: {new_id}"] + [
        f"{pad}  {line}" if line else "" for line in body.splitlines()
    ]
    return "\n".join(lines) + "\n"


def _append(text: str, kind: str, new_id: str, body: str, rel: str) -> str:
    """``text`` of a batch file with the new item added at the end of ``items``."""
    root = compose(text)
    fields = {
        k.value: v
        for k, v in (root.value if isinstance(root, MappingNode) else [])
        if isinstance(k, ScalarNode)
    }
    items = fields.get("items")
    of = fields.get("of")
    if not isinstance(items, SequenceNode) or not isinstance(of, ScalarNode) or of.value != kind:
        raise UsageError(f"{rel} is not a batch file of {kind} records", hint="Give the id.")
    last_key = root.value[-1][0] if isinstance(root, MappingNode) else None
    if not isinstance(last_key, ScalarNode) or last_key.value != "items" or items.flow_style:
        raise UsageError(
            f"{rel}: `items:` is not the file's last block, so a record cannot be appended",
            hint="Move `items:` to the end of the file.",
        )
    indent = items.value[0].start_mark.column - 2 if items.value else 2
    return text.rstrip("\n") + "\n" + _item_block(new_id, body, max(indent, 0))


def _with_offsets(
    kind: str, item: dict[str, Any], exc: ValidationError, rel: str, index: Index
) -> tuple[Any, ValidationError | None]:
    """Validate again with timestamps given without an offset read as the loader reads them."""
    from itsmkit.config import time_zone_of
    from itsmkit.model.registry import KINDS
    from itsmkit.repo.localtimes import given_offsets

    fixed = given_offsets(item, exc, time_zone_of(index.repo.config), rel)
    if fixed is None:
        return None, exc
    for note in fixed[1]:
        if note.severity.value == "error":
            raise UsageError(note.message, hint=note.hint)
    try:
        return KINDS[kind].model_validate(fixed[0]), None
    except ValidationError as again:
        return None, again


def _check(text: str, kind: str, new_id: str, rel: str, index: Index) -> None:
    """The new file parses and the new item validates, with every reference resolved."""
    from itsmkit.model.registry import KINDS
    from itsmkit.rules.walk import references

    result = read(text.encode("utf-8"))
    if not result.ok:
        raise UsageError(f"{rel}: the new text does not parse: {result.problems[0].message}")
    data = result.data
    raw = (
        next((i for i in data.get("items", []) if i.get("id") == new_id), None)
        if data.get("kind") == "batch"
        else data
    )
    item = {"kind": kind, "schema_version": SCHEMA_VERSION, **(raw or {})}
    error: ValidationError | None = None
    try:
        artefact = KINDS[kind].model_validate(item)
    except ValidationError as exc:
        artefact, error = _with_offsets(kind, item, exc, rel, index)
    if error is not None:
        from itsmkit.catalogue import RULES
        from itsmkit.repo.schema_issues import issues_from_error

        first = issues_from_error(error, KINDS[kind], rel)[0]
        fitting = first.hint not in (None, RULES[first.code].fix)
        raise UsageError(
            f"the new {kind} would not validate: {first.message}",
            hint=first.hint if fitting else "Check the --set values.",
        ) from None
    for _, target, kinds in references(artefact):
        found = index.by_id.get(target)
        if found is None or found.artefact.kind not in kinds:
            raise UsageError(
                f"the new {kind} refers to {target!r}, which is not a {' or '.join(kinds)} here",
                hint="Give an existing id with --set.",
            )


def plan_new(
    index: Index,
    kind: str,
    *,
    artefact_id: str | None = None,
    sets: list[str] | None = None,
    today: dt.date,
) -> NewArtefact:
    """Work out the new artefact's id, file and text; nothing is written."""
    config = index.repo.config
    if config is None:
        raise UsageError("itsmkit.yaml is invalid", hint="Run `itsmkit validate` first.")
    kinds = starters()
    if kind not in kinds:
        raise UsageError(
            f"`new` has no starter for {kind!r}", hint="It has: " + ", ".join(sorted(kinds)) + "."
        )
    spec = kinds[kind]
    taken = set(index.by_id) | set(index.repo.failed)
    new_id = artefact_id or next_id(spec["id"], taken, today)
    if new_id in taken:
        raise UsageError(f"an artefact with id {new_id!r} already exists", hint="Choose a free id.")
    body = _set(
        _fill(spec["body"][config.language], _tokens(index, config, spec, today), kind), sets or []
    )
    rel, batch = _target(index, kind, spec, new_id, today)
    path = index.root / rel
    if path.exists() and batch:
        text = _append(path.read_text(encoding="utf-8"), kind, new_id, body, rel)
    elif path.exists():
        raise UsageError(f"{rel} exists", hint="Give another id: itsmkit new KIND ID.")
    elif batch:
        header = f"kind: batch\nof: {kind}\nschema_version: {SCHEMA_VERSION}\nitems:\n"
        text = header + _item_block(new_id, body, 2)
    else:
        text = f"kind: {kind}\nid: {new_id}\nschema_version: {SCHEMA_VERSION}\n" + body
    _check(text, kind, new_id, rel, index)
    return NewArtefact(new_id, kind, rel, text, appended=path.exists())


def write_new(index: Index, new: NewArtefact) -> None:
    """Write the planned file atomically; refuse if it changed since it was planned."""
    from itsmkit.fsutil import atomic_write_text

    path = index.root / new.file
    if path.exists() != new.appended:
        raise UsageError(f"{new.file} appeared or vanished meanwhile; nothing was written")
    atomic_write_text(path, new.text)
