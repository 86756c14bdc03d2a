"""``import_tickets``: helpdesk exports in, monthly batch files out, as a result object.

Records are matched on ``source.tool`` + ``source.ticket_id``, so a newer export updates
the same records and never duplicates them. ``source.digest`` holds a short fingerprint of
each imported field as last imported: a field whose current value no longer matches its
fingerprint was edited by a person, and is kept (and reported as a conflict if the export
now says something else) unless ``force`` is given.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from itsmkit.errors import ImportDataError, ImportProblem, UsageError
from itsmkit.importers import readers as _readers  # noqa: F401  (registers the readers)
from itsmkit.importers.base import READERS, ReadContext
from itsmkit.importers.convert import Converter, Draft
from itsmkit.importers.dates import DateError, DateParser
from itsmkit.importers.emitter import ORDER, batch_text, owned
from itsmkit.importers.fastread import NotCanonical, read_batch
from itsmkit.importers.mapping import load_mapping
from itsmkit.transaction import write_all

FILES = {"incident": "incidents.yaml", "service-request": "service-requests.yaml"}
PREFIX = {"incident": "INC", "service-request": "REQ"}
DIGEST_FIELDS = tuple(k for k in ORDER if k != "id")
DIGEST_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field a person edited that the export now gives another value; the edit was kept."""

    record: str
    field: str
    current: str
    incoming: str


@dataclass(slots=True)
class FileResult:
    """What the import does to one batch file."""

    path: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass(slots=True)
class ImportResult:
    """The outcome of one import: per file, and totals."""

    tool: str
    exports: list[str]
    tickets: int
    files: list[FileResult]
    warnings: list[ImportProblem]
    dry_run: bool
    force: bool
    written: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        """Records added."""
        return sum(len(f.added) for f in self.files)

    @property
    def changed(self) -> int:
        """Records updated in place."""
        return sum(len(f.changed) for f in self.files)

    @property
    def unchanged(self) -> int:
        """Records left as they were."""
        return sum(f.unchanged for f in self.files)

    @property
    def conflicts(self) -> list[Conflict]:
        """Every hand edit kept against the export."""
        return [c for f in self.files for c in f.conflicts]


# Fingerprints ------------------------------------------------------------------------------


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


def _hash(value: Any) -> str:
    kind = type(value)
    if kind is str:
        text = value
    elif kind is dt.datetime:
        text = value.isoformat()
    else:
        text = canonical(value)
    return _HEX[zlib.crc32(text.encode("utf-8")) & 0xFFFF]


_NONE = _hash(None)


def digest_of(record: dict[str, Any]) -> str:
    """The fingerprint of a record's imported fields: 4 hex digits per field."""
    get = record.get
    parts = [_NONE if (v := get(f)) is None else _hash(v) for f in DIGEST_FIELDS]
    return DIGEST_VERSION + ":" + "".join(parts)


def _parts(digest: Any) -> list[str] | None:
    if not isinstance(digest, str) or not digest.startswith(DIGEST_VERSION + ":"):
        return None
    body = digest[len(DIGEST_VERSION) + 1 :]
    if len(body) != 4 * len(DIGEST_FIELDS):
        return None
    return [body[i : i + 4] for i in range(0, len(body), 4)]


# Repository scan ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Batch:
    path: Path
    rel: str
    of: str
    text: str
    items: list[dict[str, Any]]


def _scan(root: Path, exclude: list[str]) -> tuple[dict[str, str], dict[str, _Batch]]:
    """Every artefact id → kind, and the importer's own batch files (read for merging)."""
    from itsmkit.repo.files import find_files

    ids: dict[str, str] = {}
    batches: dict[str, _Batch] = {}
    for rel in find_files(root, exclude).files:
        path = root / rel
        text = ""
        try:
            text = path.read_text(encoding="utf-8")
            data = _load(text)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            if owned(text):
                raise UsageError(
                    f"{rel}: this batch file written by the importer no longer reads as YAML",
                    hint="Run `itsmkit validate` to find the error and fix it, then import again.",
                ) from None
            continue  # validate reports it; the import only needs the ids it can read
        if not isinstance(data, dict):
            continue
        if data.get("kind") == "batch" and isinstance(data.get("items"), list):
            of = str(data.get("of"))
            for item in data["items"]:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    ids[item["id"]] = of
            if of in FILES and owned(text):
                items = [i for i in data["items"] if isinstance(i, dict)]
                batches[rel] = _Batch(path, rel, of, text, items)
        elif isinstance(data.get("id"), str):
            ids[data["id"]] = str(data.get("kind"))
    return ids, batches


def _load(text: str) -> Any:
    """A YAML document; the importer's own files through the fast reader when they can."""
    if owned(text):
        try:
            return read_batch(text)
        except NotCanonical:
            pass
    return yaml.load(text, Loader=yaml.CSafeLoader)


# The import --------------------------------------------------------------------------------


def _read_drafts(
    tool: str,
    exports: Sequence[Path],
    root: Path,
    mapping_path: Path | None,
    time_zone: str,
    ids: dict[str, str],
    progress: Callable[[int], None] | None,
    expect: Callable[[int, int], None] | None = None,
) -> tuple[list[Draft], list[ImportProblem], list[ImportProblem], str]:
    reader = READERS.get(tool)
    if reader is None:
        raise UsageError(
            f"unknown source {tool!r}", hint="Sources: " + ", ".join(sorted(READERS)) + "."
        )
    if mapping_path is None:
        candidate = root / "imports" / f"{tool}.yaml"
        mapping_path = candidate if candidate.is_file() else None
    mapping = load_mapping(tool, mapping_path)
    zone_name = mapping.time_zone or time_zone
    try:
        dates = DateParser(
            zone_name,
            mapping.date_format,
            day_first=mapping.day_first,
            ambiguous=mapping.ambiguous,  # type: ignore[arg-type]
        )
    except DateError as exc:
        raise UsageError(str(exc), hint="Use an IANA name such as Europe/Paris.") from None
    drafts: list[Draft] = []
    problems: list[ImportProblem] = []
    warnings: list[ImportProblem] = []
    for index, export in enumerate(exports):
        if not export.is_file():
            raise UsageError(f"{export}: no such export file")
        label = _label(export, root)
        told = None if expect is None else partial(expect, index)
        ctx = ReadContext(mapping, dates, label, progress, told)
        converter = Converter(ctx, ids)
        try:
            for row in reader.read(export, ctx):
                draft = converter.convert(row)
                if draft is not None:
                    drafts.append(draft)
                if len(converter.problems) >= 50:
                    break
        except ImportDataError as exc:
            problems.extend(exc.problems)
        problems.extend(converter.problems)
        warnings.extend(converter.warnings)
    return drafts, problems, warnings, dates.tz.key


def _label(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def import_tickets(
    repo: Path,
    tool: str,
    exports: Sequence[Path],
    *,
    mapping_path: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    imported_at: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
    expect: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import helpdesk exports into the repository at (or above) ``repo``.

    Args:
        repo: the company repository, or a folder inside it.
        tool: a source name from :data:`itsmkit.importers.base.READERS`.
        exports: the export files, read in order (a later file's ticket wins).
        mapping_path: the company's mapping file; default ``imports/<tool>.yaml`` if present.
        dry_run: compute the result, write nothing.
        force: overwrite fields edited by hand with the export's values.
        imported_at: the time recorded in ``source.imported`` (default: now).
        progress: called with the number of export rows read since the last call.
        expect: called with (index of the export in ``exports``, rows it holds) by readers
            that know it once the export is parsed (JSON exports).

    Raises:
        ImportDataError: values the mapping does not cover; nothing is written.
    """
    from itsmkit.repo.loader import find_root, load_config

    root = find_root(repo)
    config, _ = load_config(root)
    if config is None:
        raise UsageError(
            f"{root / 'itsmkit.yaml'}: invalid configuration",
            hint="Run `itsmkit validate` to see why, fix it, then import again.",
        )
    ids, batches = _scan(root, list(config.exclude))
    drafts, problems, warnings, zone_name = _read_drafts(
        tool, exports, root, mapping_path, config.time_zone, ids, progress, expect
    )
    if problems:
        raise ImportDataError(problems)
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone_name)
    stamp = (imported_at or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    stamp = stamp.astimezone(tz)

    latest: dict[str, Draft] = {}
    for draft in drafts:
        latest.pop(draft.ticket_id, None)
        latest[draft.ticket_id] = draft  # re-insert: a later export's order wins

    index: dict[str, tuple[_Batch, int]] = {}
    for batch in batches.values():
        for position, item in enumerate(batch.items):
            source = item.get("source")
            if isinstance(source, dict) and source.get("tool") == tool:
                index[str(source.get("ticket_id"))] = (batch, position)

    results: dict[str, FileResult] = {}
    touched: dict[str, _Batch] = {}
    new: list[Draft] = []
    for ticket_id, draft in latest.items():
        hit = index.get(ticket_id)
        if hit is None:
            new.append(draft)
            continue
        batch, position = hit
        result = results.setdefault(batch.rel, FileResult(batch.rel))
        current = batch.items[position]
        merged, conflicts = _merge(current, draft, tool, force)
        result.conflicts.extend(conflicts)
        if _same(current, merged):
            result.unchanged += 1
            continue
        merged["source"]["imported"] = stamp
        batch.items[position] = merged
        result.changed.append(str(merged.get("id")))
        touched[batch.rel] = batch
        if draft.kind != batch.of:
            warnings.append(
                ImportProblem(
                    draft.file,
                    draft.row,
                    None,
                    f"ticket {ticket_id} is now a {draft.kind}; its record stays a {batch.of}",
                    None,
                )
            )

    counters: dict[str, int] = {}
    for known in ids:
        for prefix in PREFIX.values():
            if known.startswith(prefix + "-"):
                head, _, number = known.rpartition("-")
                if number.isdigit():
                    counters[head] = max(counters.get(head, 0), int(number))
    order = {id(d): i for i, d in enumerate(new)}
    new.sort(key=lambda d: (d.fields["opened"].astimezone(dt.timezone.utc), order[id(d)]))
    for draft in new:
        month = draft.fields["opened"].astimezone(tz).strftime("%Y-%m")
        rel = f"records/{month}/{FILES[draft.kind]}"
        target = batches.get(rel)
        if target is None:
            path = root / rel
            if path.exists():
                raise UsageError(
                    f"{rel} exists and was not written by `itsmkit import`",
                    hint="Move its records to another file (e.g. records/"
                    f"{month}/{draft.kind}s-manual.yaml), then import again.",
                )
            target = batches[rel] = _Batch(path, rel, draft.kind, "", [])
        head = f"{PREFIX[draft.kind]}-{month}"
        counters[head] = counters.get(head, 0) + 1
        record = {"id": f"{head}-{counters[head]:04d}", **draft.fields}
        record["source"] = _source(tool, draft, digest_of(draft.fields), stamp)
        target.items.append(record)
        ids[record["id"]] = draft.kind
        results.setdefault(rel, FileResult(rel)).added.append(record["id"])
        touched[rel] = target

    texts: dict[Path, str] = {}
    for _rel, batch in sorted(touched.items()):
        text = batch_text(batch.of, batch.items)
        if text != batch.text:
            texts[batch.path] = text
    if not dry_run and texts:
        write_all(root, {p: t.encode("utf-8") for p, t in texts.items()}, command="import")
    return ImportResult(
        tool=tool,
        exports=[_label(e, root) for e in exports],
        tickets=len(latest),
        files=[results[k] for k in sorted(results)],
        warnings=list({(w.file, w.column, w.message): w for w in warnings}.values()),
        dry_run=dry_run,
        force=force,
        written=[] if dry_run else sorted(_label(p, root) for p in texts),
    )


def _source(tool: str, draft: Draft, digest: str, stamp: dt.datetime) -> dict[str, Any]:
    source: dict[str, Any] = {
        "tool": tool,
        "ticket_id": draft.ticket_id,
        "imported": stamp,
        "digest": digest,
    }
    if draft.made_sla is not None:
        source["made_sla"] = draft.made_sla
    return source


def _same(current: dict[str, Any], merged: dict[str, Any]) -> bool:
    def strip(record: dict[str, Any]) -> dict[str, Any]:
        out = dict(record)
        source = out.get("source")
        if isinstance(source, dict):
            out["source"] = {k: v for k, v in source.items() if k != "imported"}
        return out

    return canonical(strip(current)) == canonical(strip(merged))


def _merge(
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
    stored = _parts(source.get("digest"))
    merged = dict(current)
    conflicts: list[Conflict] = []
    parts: list[str] = []
    record_id = str(current.get("id"))
    for index, name in enumerate(DIGEST_FIELDS):
        mine = current.get(name)
        theirs = draft.fields.get(name)
        edited = stored is None or _hash(mine) != stored[index]
        if edited and not force and canonical(mine) != canonical(theirs):
            if theirs is not None:
                conflicts.append(Conflict(record_id, name, canonical(mine), canonical(theirs)))
            parts.append(stored[index] if stored else _hash(theirs))
            continue
        if theirs is None:
            merged.pop(name, None)
        else:
            merged[name] = theirs
        parts.append(_hash(theirs))
    new_source = {**source, "tool": tool, "ticket_id": draft.ticket_id}
    new_source["digest"] = DIGEST_VERSION + ":" + "".join(parts)
    if draft.made_sla is not None:
        new_source["made_sla"] = draft.made_sla
    merged["source"] = new_source
    return merged, conflicts
