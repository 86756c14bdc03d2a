"""``import_tickets``: helpdesk exports in, monthly batch files out, as a result object.

Records are matched on ``source.tool`` + ``source.ticket_id``, so a newer export updates
the same records and never duplicates them. ``source.digest`` holds a short fingerprint of
each imported field as last imported: a field whose current value no longer matches its
fingerprint was edited by a person, and is kept (and reported as a conflict if the export
now says something else) unless ``force`` is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from itsmkit.errors import ImportDataError, ImportProblem, UsageError
from itsmkit.importers.convert import Draft
from itsmkit.importers.digest import digest_of
from itsmkit.importers.drafts import read_drafts, shown_path
from itsmkit.importers.emitter import batch_text
from itsmkit.importers.merge import merge_record, same_record
from itsmkit.importers.result import FileResult, ImportResult
from itsmkit.importers.scan import FILES, Batch, scan
from itsmkit.transaction import write_all

PREFIX = {"incident": "INC", "service-request": "REQ"}


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
    ids, batches = scan(root, list(config.exclude))
    drafts, problems, warnings, zone_name = read_drafts(
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

    index: dict[str, tuple[Batch, int]] = {}
    for batch in batches.values():
        for position, item in enumerate(batch.items):
            source = item.get("source")
            if isinstance(source, dict) and source.get("tool") == tool:
                index[str(source.get("ticket_id"))] = (batch, position)

    results: dict[str, FileResult] = {}
    touched: dict[str, Batch] = {}
    new: list[Draft] = []
    for ticket_id, draft in latest.items():
        hit = index.get(ticket_id)
        if hit is None:
            new.append(draft)
            continue
        batch, position = hit
        result = results.setdefault(batch.rel, FileResult(batch.rel))
        current = batch.items[position]
        merged, conflicts = merge_record(current, draft, tool, force)
        result.conflicts.extend(conflicts)
        if same_record(current, merged):
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
            target = batches[rel] = Batch(path, rel, draft.kind, "", [])
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
        exports=[shown_path(e, root) for e in exports],
        tickets=len(latest),
        files=[results[k] for k in sorted(results)],
        warnings=list({(w.file, w.column, w.message): w for w in warnings}.values()),
        dry_run=dry_run,
        force=force,
        written=[] if dry_run else sorted(shown_path(p, root) for p in texts),
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
