"""Validate by what changed: a warm ``validate`` reads, parses and checks only new bytes.

A full run loads every file, then runs the repository-wide rules over every artefact.
This module gives the same report (byte for byte, tested) from a summary of each file
kept in the cache's index (:func:`itsmkit.repo.cache.read_index`):

* per file, keyed by its bytes: its own issues (positions resolved), the ids and kinds
  it defines, the ids that failed validation, its references, and the issues of the
  rules that look at one artefact at a time (dates, document control, ``addresses:``),
  the last ones judged as of the day they were computed for;
* the rules that need every artefact run over the summaries: unique ids and references
  (:mod:`itsmkit.rules.crossfile`, the same code the full run uses);
* the rules that read a few kinds (SLA coverage and Annex C, contracts; service report
  figures, which read the records too) are memoised, keyed by the digests of the files
  holding those kinds: they run again, on just those artefacts, only when one changed;
* the whole result is memoised too, keyed by every file's digest, the day and
  ``itsmkit.yaml``: a run that finds every file as it was (by stat, as git's index
  does) decodes nothing else.

A summary's day-dependent issues are reused on another day when that day is on the same
side of every date the rules compare with it (:func:`itsmkit.rules.repository.day_dates`)
and none of them names the day. The index is in chunks (:data:`itsmkit.repo.cache.CHUNKS`):
a change re-pickles its chunk only.

Models are imported only when a file has to be parsed or a memoised rule has to run.
Anything wrong with the cache (missing, corrupt, other code or limits) means a full
rebuild, never a different report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsmkit.gcpause import gc_paused
from itsmkit.issues import Issue, Loc, Row, from_row, to_row
from itsmkit.repo import cache as store
from itsmkit.repo.positions import Locator, resolve
from itsmkit.rules.crossfile import id_issues, reference_issues

if TYPE_CHECKING:
    from itsmkit.config import Config
    from itsmkit.repo.cache import FileCache, FileResult
    from itsmkit.repo.loader import Repository

# A file's summary, a plain tuple (the index holds only built-in values): these indexes.
ISSUES, FAILED, ARTS, REFS, DAY, DATES, DOCS, ADDRESSES, DAYS = range(9)


RULES = (
    "check_ids",
    "check_references",
    "check_dates",
    "check_documents",
    "check_slas",
    "check_contracts",
    "check_report_figures",
    "check_addresses",
)
"""The rules of :func:`itsmkit.rules.repository.run_all`, in its order, that this module
reproduces (a test compares: a rule added there must be added here too)."""

SLA_KINDS = frozenset({"sla", "service"})
CONTRACT_KINDS = frozenset({"sla", "uc", "customer", "supplier"})
REPORT_KIND = "service-report"


def _issues(rows: Iterable[Row]) -> list[Issue]:
    """The issues of stored rows."""
    return [from_row(r) for r in rows]


@dataclass(slots=True)
class IncrementalStats:
    """What a run reused and what it computed (for tests and benchmarks)."""

    by_stat: int = 0
    hashed: int = 0
    parsed: int = 0
    relocal: int = 0
    """Files whose one-artefact rules ran again (a new day) without being parsed."""
    final_memo: bool = False
    rules_run: list[str] = field(default_factory=list)
    index_rejected: bool = False
    index_written: bool = False


@dataclass(slots=True)
class Revision:
    """Another state of the tree to judge in the same run: a git revision's.

    ``files`` are the revision's artefact files; ``raws`` the revision's bytes of those
    that differ from the working tree (every other one is as the working tree has it);
    ``changed`` the tree's files that are not the revision's (those of ``raws`` still
    there, and the added ones).
    """

    files: list[str]
    raws: dict[str, bytes]
    changed: set[str] = field(default_factory=set)
    """The tree's files that differ from the revision (added or modified)."""


@dataclass(slots=True)
class Detail:
    """What ``validate --changed`` compares, from the summaries of both states.

    The issues of an unchanged file can differ between the revision and the tree in
    three ways only: through an id in ``defined`` (it defines one, or refers to one: the
    caller counts those files as affected), through the did-you-mean hint of a reference
    to an unknown id (when ``defined`` ids appeared, went or changed kind), or through a
    memoised rule (SLAs, contracts, report figures) whose input changed. ``then_part`` and
    ``now_part`` hold the issues of the last two, judged in each state by the same code.
    """

    summaries: dict[str, tuple[Any, ...]]
    """The working tree's summary of every file (see ``ISSUES``, ``ARTS``, ``REFS``...)."""
    then_summaries: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    """The revision's summaries of the files that differ (``Revision.raws``): what they
    define and refer to only (their own issues are not compared: they are reported as
    changed)."""
    defined: set[str] = field(default_factory=set)
    """Ids defined (or failing validation) in a file that differs, now or at the revision."""
    targets: set[str] = field(default_factory=set)
    """Ids those files refer to, now or at the revision."""
    then_part: list[Issue] = field(default_factory=list)
    """The revision's issues that may differ from the tree's (positions aside)."""
    now_part: list[Issue] = field(default_factory=list)
    """The tree's issues of the same references and rules."""


Judge = Callable[
    ["RunState", Revision, list[str], list[bytes | None], Detail, dict[str, Any], dict[str, Any]],
    None,
]
"""Judges a revision's state in a run: (run, revision, files, digests, detail to fill,
memo to write, memo as read)."""


@dataclass(slots=True)
class Outcome:
    """A validation's result, as :class:`itsmkit.validator.ValidationReport` needs it."""

    root: Path
    issues: list[Issue]
    files: int
    artefacts: int
    kinds: dict[str, int]
    stats: IncrementalStats
    detail: Detail | None = None
    """Only when :func:`run` was given ``revision``."""


def _digest(*parts: object) -> bytes:
    digest = hashlib.blake2b(digest_size=store.DIGEST_SIZE)
    for part in parts:
        digest.update(part if isinstance(part, bytes) else repr(part).encode())
        digest.update(b"\0")
    return digest.digest()


class RunState:
    """One incremental validation (state shared by the steps)."""

    def __init__(
        self, root: Path, config: Config | None, today: dt.date, write: bool, read: bool = True
    ) -> None:
        from itsmkit.config import Limits, time_zone_of

        self.root = root
        self.config = config
        self.today = today
        self.day = today.isoformat()
        self.write = write
        self.read = read
        self.limits = config.limits.to_limits() if config else Limits()
        # Timestamps written without an offset are read in this zone, so it keys the cache.
        self.time_zone = time_zone_of(config)
        self.env = store.environment_key(self.limits, self.time_zone)
        self.started_ns = time.time_ns()
        self.stats = IncrementalStats()
        self.locator = Locator(root)
        self.results: dict[str, FileResult] = {}
        self._files: FileCache | None = None
        self.kept: set[str] = set()
        self.parts: dict[int, tuple[store.Table, bytes]] = {}
        self.index: tuple[dict[str, str], dict[str, str], Counter[str]] | None = None
        """What :func:`id_index` gave for the summaries assembled (kept for the revision)."""
        self._config_digest: bytes | None = None

    def config_digest(self) -> bytes:
        """The digest of itsmkit.yaml's bytes, read once per run (b"" when unreadable)."""
        if self._config_digest is None:
            from itsmkit.config import CONFIG_FILE

            try:
                self._config_digest = store.digest_of((self.root / CONFIG_FILE).read_bytes())
            except OSError:
                self._config_digest = b""
        return self._config_digest

    def located(self, issues: Iterable[Issue]) -> list[Issue]:
        """``issues`` with their lines and columns (each file re-parsed once per run)."""
        return resolve(self.root, issues, locator=self.locator)

    def file_cache(self, count: int) -> FileCache:
        """The file cache, opened on first use (a run that parses nothing never opens it)."""
        if self._files is None:
            self._files = store.FileCache.open(
                self.root, self.limits, count, time_zone=self.time_zone, writable=self.write
            )
        return self._files

    def result(
        self, rel: str, digest: bytes | None, count: int, *, keep: bool = False
    ) -> FileResult:
        """What ``rel`` yields: just parsed, from the file cache, or parsed now.

        Validation writes a file's artefacts to the file cache only here, when a rule
        needed them again (a memoised rule's input changed, or a new day): summaries are
        all a warm validate reads, and pickling every model would double a cold run.
        """
        found = self.results.get(rel)
        if found is not None:
            if keep and digest is not None and rel not in self.kept and self.write:
                self.kept.add(rel)  # parsed as changed; a rule wants it again next time
                self.file_cache(count).store(rel, digest, None, found)
            return found
        if digest is not None:
            found = self.file_cache(count).result(rel, digest)
        if found is None:
            from itsmkit.repo.loader import parse_path

            parsed = parse_path(self.root, rel, self.limits, digest=True)
            found = store.result_of(parsed, self.time_zone)
            self.stats.parsed += 1
            if parsed.digest is not None and parsed.digest == digest and self.write:
                self.kept.add(rel)
                self.file_cache(count).store(rel, parsed.digest, None, found)
        self.results[rel] = found
        return found


def run(
    path: Path,
    *,
    today: dt.date | None = None,
    jobs: int | None = None,
    write: bool = True,
    read: bool = True,
    progress: Callable[[int, int], None] | None = None,
    revision: Callable[[list[str], Config | None], Revision | None] | None = None,
    judge: Judge | None = None,
) -> Outcome:
    """Validate the repository at ``path`` from the cache, computing only what changed.

    The issues are those :func:`itsmkit.validator.validate` gives, in the same order.
    ``write`` false only reads the cache (nothing on disk changes); ``read`` false
    ignores it (every file parsed, nothing written: the full run, computed this way).
    ``revision`` is called with the files and the configuration; the state it returns
    (if any) is handed to ``judge`` with this run's summaries, before the index is
    written, and the outcome's ``detail`` holds what it found (``validate --changed``:
    :func:`itsmkit.changed.judge_revision`).
    """
    from itsmkit.repo.root import find_root, load_config

    with gc_paused():
        root = find_root(path)
        # The settings' memo as the cache: read and updated, only read, or ignored.
        memo = (write or None) if read else False
        config, config_issues = load_config(root, cache=memo)
        reference = config.reference_date if config else None
        state = RunState(root, config, today or reference or dt.date.today(), write and read, read)
        from itsmkit.repo.files import find_files

        fileset = find_files(root, config.exclude if config else [])
        head = state.located([*config_issues, *fileset.issues])
        other = revision(fileset.files, config) if revision is not None else None
        outcome = _validate(state, fileset.files, jobs, head, progress, other, judge)
        # Free the files parsed before the collector is back: it would walk them all.
        del state
        if progress is not None:
            progress(len(fileset.files), len(fileset.files))
        return outcome


def _validate(
    state: RunState,
    files: list[str],
    jobs: int | None,
    head: list[Issue],
    progress: Callable[[int, int], None] | None = None,
    other: Revision | None = None,
    judge: Judge | None = None,
) -> Outcome:
    stored, rejected = store.read_index(state.root, state.env) if state.read else (None, False)
    state.stats.index_rejected = rejected
    state.parts = stored.parts if stored is not None else {}
    old = stored.table if stored is not None else {}
    table: store.Table = {}
    digests: list[bytes | None] = [None] * len(files)
    stats: list[store.Stat | None] = [None] * len(files)
    changed: list[int] = []  # new bytes (read): parse here
    unknown: list[int] = []  # no entry or unreadable: parse (in workers when many)
    raws: dict[int, bytes] = {}
    base = str(state.root) + os.sep
    for index, rel in enumerate(files):
        stat = stats[index] = store.stat_of(base + rel)
        known = old.get(rel)
        if known is not None and stat is not None and known[0] == stat:
            digests[index] = known[1]
            table[rel] = known
            state.stats.by_stat += 1
            continue
        if known is None or stat is None:
            unknown.append(index)
            continue
        from itsmkit.fsutil import read_regular_bytes

        try:
            raw = read_regular_bytes(state.root / rel)
        except Exception:  # the parse reports it as an issue
            unknown.append(index)
            continue
        state.stats.hashed += 1
        digest = digests[index] = store.digest_of(raw)
        table[rel] = (store.trusted_stat(stat, state.started_ns), digest)
        if digest != known[1]:
            changed.append(index)
            raws[index] = raw
    count = len(files)
    memo = dict(stored.memo) if stored is not None else {}
    previous = dict(memo)
    config_key = state.config_digest()
    final: tuple[list[Issue], int, dict[str, int]] | None = None
    if not changed and not unknown and stored is not None:
        hit = memo.get("final")
        if hit is not None and hit[0] == _final_key(state, files, table, config_key):
            rest_rows, artefacts, kinds = hit[1]
            state.stats.final_memo = True
            final = (_issues(rest_rows), artefacts, dict(kinds))
            if other is None:
                issues = sorted([*head, *final[0]], key=Issue.sort_key)
                if table != old:
                    _save(state, table, stored.summaries, memo)
                return Outcome(state.root, issues, count, artefacts, dict(kinds), state.stats)

    # Something changed (or the day, or no memo): summaries of the files that need one.
    old_summaries: dict[str, tuple[Any, ...]] = {}
    old_chunks = stored.summaries if stored is not None else {}
    sizes: dict[int, int] = {}
    for number, chunk in old_chunks.items():
        decoded = store.plain_loads(chunk)
        sizes[number] = len(decoded)
        old_summaries.update(decoded)
    if unknown or changed:
        from itsmkit.repo.loader import parse_bytes
        from itsmkit.repo.pool import parse_all

        for index in changed:
            rel = files[index]
            result = store.result_of(parse_bytes(rel, raws[index], state.limits), state.time_zone)
            state.results[rel] = result
            state.stats.parsed += 1
        done = len(files) - len(unknown)
        for index, parsed in zip(
            unknown,
            parse_all(state.root, [files[i] for i in unknown], state.limits, jobs, digest=True),
            strict=True,
        ):
            if progress is not None:
                done += 1
                progress(done, len(files))
            rel = files[index]
            result = store.result_of(parsed, state.time_zone)
            state.results[rel] = result
            state.stats.parsed += 1
            if parsed.digest is not None:
                digests[index] = parsed.digest
                table[rel] = (store.trusted_stat(stats[index], state.started_ns), parsed.digest)
    summaries: dict[str, tuple[Any, ...]] = {}
    todo: list[str] = []
    fresh = set(state.results)
    for index, rel in enumerate(files):
        summary = None if rel in fresh else old_summaries.get(rel)
        if summary is None or digests[index] is None or not _holds(summary, state.today):
            todo.append(rel)
        else:
            summaries[rel] = summary
    if todo:
        summaries.update(_summarise(state, todo, {f: digests[i] for i, f in enumerate(files)}))
    summaries = {rel: summaries[rel] for rel in files}  # file order

    if final is None:
        rest, artefacts, kinds = _assemble(state, files, digests, summaries, memo)
        rest.sort(key=Issue.sort_key)
        if all(d is not None for d in digests):
            final_key = _final_key(state, files, table, config_key)
            memo["final"] = (final_key, (tuple(map(to_row, rest)), artefacts, tuple(kinds.items())))
    else:
        rest, artefacts, kinds = final
    issues = sorted([*head, *rest], key=Issue.sort_key)
    detail = None
    if other is not None and judge is not None:
        detail = Detail(summaries)
        judge(state, other, files, digests, detail, memo, previous)
        if final is not None and table == old and memo == previous:
            return Outcome(state.root, issues, count, artefacts, kinds, state.stats, detail)
    # Unreadable files are not in the table: they are read again next time.
    chunks: dict[int, dict[str, tuple[Any, ...]]] = {}
    for index, rel in enumerate(files):
        if digests[index] is not None:
            chunks.setdefault(store.chunk_of(rel), {})[rel] = summaries[rel]
    redo = {store.chunk_of(rel) for rel in todo}
    blobs = {
        number: old_chunks[number]
        if number not in redo and number in old_chunks and sizes[number] == len(chunk)
        else store.plain_dumps(chunk)
        for number, chunk in chunks.items()
    }
    _save(state, table, blobs, memo)
    return Outcome(state.root, issues, count, artefacts, kinds, state.stats, detail)


def _final_key(state: RunState, files: list[str], table: store.Table, config: bytes) -> bytes:
    """What the whole result depends on: the day, the configuration, every file's bytes."""
    return _digest(
        b"final", state.day, config, *(f"{rel}\0".encode() + table[rel][1] for rel in files)
    )


def _save(
    state: RunState, table: store.Table, blobs: dict[int, bytes], memo: dict[str, Any]
) -> None:
    if not state.write:
        return
    if state._files is not None:
        state._files.forget_others(table, read_only=True)
        state._files.save()
    state.stats.index_written = store.write_index(
        state.root, state.env, store.StoredIndex(table, blobs, memo, state.parts)
    )


def _holds(summary: tuple[Any, ...], today: dt.date) -> bool:
    """Whether a summary's one-artefact issues, judged on its day, are those of ``today``.

    They are when ``today`` is on the same side of every date those rules compare with
    the day, and none of them names the day (``DAY_DEPENDENT``, e.g. "12 days ago").
    """
    if summary[DAY] == today.isoformat():
        return True
    days = summary[DAYS]
    if days is None:
        return False  # an issue names its day
    then, now = dt.date.fromisoformat(summary[DAY]).toordinal(), today.toordinal()
    return all((c > then) == (c > now) and (c < then) == (c < now) for c in days)


def _summarise(
    state: RunState, rels: list[str], digests: dict[str, bytes | None]
) -> dict[str, tuple[Any, ...]]:
    """Summaries of ``rels``: their results, then the one-artefact rules over all at once."""
    from itsmkit.frameworks.addresses import check_addresses
    from itsmkit.repo.loader import Repository
    from itsmkit.rules.repository import DAY_DEPENDENT, check_dates, check_documents, day_dates

    scratch = Repository(root=state.root, config=state.config)
    results = []
    for rel in rels:
        if rel not in state.results:
            state.stats.relocal += 1
        result = state.result(rel, digests[rel], len(digests))
        results.append(result)
        scratch.artefacts.extend(result.artefacts)
    local: dict[str, list[list[Row]]] = {rel: [[], [], []] for rel in rels}
    for slot, found in enumerate(
        (
            check_dates(scratch, state.today),
            check_documents(scratch, state.today),
            check_addresses(scratch),
        )
    ):
        for issue in state.located(found):
            local[issue.file][slot].append(to_row(issue))
    out: dict[str, tuple[Any, ...]] = {}
    for rel, result in zip(rels, results, strict=True):
        dates, docs, addresses = local[rel]
        days: tuple[int, ...] | None = tuple(
            sorted({d.toordinal() for a in result.artefacts for d in day_dates(a.artefact)})
        )
        if any(row[1] in DAY_DEPENDENT for row in (*dates, *docs)):
            days = None
        out[rel] = (
            tuple(map(to_row, state.located(result.issues))),
            result.failed,
            *definitions(result),
            state.day,
            tuple(dates),
            tuple(docs),
            tuple(addresses),
            days,
        )
    return out


def definitions(result: FileResult) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """A file's summary parts ``ARTS`` (id, kind, prefix) and ``REFS`` (id, loc, target, kinds)."""
    from itsmkit.rules.walk import references

    intern = sys.intern
    arts = tuple(
        (intern(a.artefact.id), intern(a.artefact.kind), a.prefix) for a in result.artefacts
    )
    refs = tuple(
        (a.artefact.id, loc, intern(target), kinds)
        for a in result.artefacts
        for loc, target, kinds in references(a.artefact, a.prefix)
    )
    return arts, refs


Keyed = list[tuple[str, bytes, Callable[[], list[Issue]]]]
"""The memoised rules that apply to a state: (name, key, compute), in a full run's order."""


def _assemble(
    state: RunState,
    files: list[str],
    digests: list[bytes | None],
    summaries: dict[str, tuple[Any, ...]],
    memo: dict[str, Any],
) -> tuple[list[Issue], int, dict[str, int]]:
    """Every issue but the configuration's and the walk's, in a full run's order."""
    rows: list[Row] = []
    named: list[tuple[str, str, str, Loc]] = []
    for rel, summary in summaries.items():
        rows.extend(summary[ISSUES])
        for ident, kind, prefix in summary[ARTS]:
            named.append((ident, kind, rel, prefix))
    kind_of, failed, kinds = state.index = id_index(summaries)
    out = _issues(rows)
    cross = [*id_issues(named)]
    cross.extend(
        reference_issues(
            (
                (rel, artefact, loc, target, allowed)
                for rel, summary in summaries.items()
                for artefact, loc, target, allowed in summary[REFS]
            ),
            kind_of,
            failed,
        )
    )
    out.extend(state.located(cross))
    out.extend(_issues(r for s in summaries.values() for r in s[DATES]))
    out.extend(_issues(r for s in summaries.values() for r in s[DOCS]))
    for name, key, compute in keyed_rules(state, files, digests, summaries, failed, kinds):
        hit = memo.get(name)
        if hit is not None and hit[0] == key:
            out.extend(_issues(hit[1]))
            continue
        state.stats.rules_run.append(name)
        found = state.located(compute())
        memo[name] = (key, tuple(map(to_row, found)))
        out.extend(found)
    out.extend(_issues(r for s in summaries.values() for r in s[ADDRESSES]))
    return out, sum(kinds.values()), dict(sorted(kinds.items()))


def id_index(
    summaries: dict[str, tuple[Any, ...]],
) -> tuple[dict[str, str], dict[str, str], Counter[str]]:
    """Each id's kind (the last definition wins), the failed ids' kinds, the kinds' counts."""
    failed: dict[str, str] = {}
    kind_of: dict[str, str] = {}
    kinds: Counter[str] = Counter()
    for summary in summaries.values():
        failed.update(summary[FAILED])
        for ident, kind, _ in summary[ARTS]:
            kind_of[ident] = kind
            kinds[kind] += 1
    return kind_of, failed, kinds


def rule_table(
    state: RunState, failed: dict[str, str], kinds: Counter[str]
) -> list[tuple[str, frozenset[str] | None, tuple[object, ...]]]:
    """The memoised rules that apply: name, the kinds they read (None: all), what else."""
    table: list[tuple[str, frozenset[str] | None, tuple[object, ...]]] = [
        ("slas", SLA_KINDS, ("sla" in failed.values(),)),
        ("contracts", CONTRACT_KINDS, ()),
    ]
    if kinds[REPORT_KIND]:
        # The figures read the records, the SLAs, the calendars, the configuration...:
        # keyed by every file, the day, the configuration (time zone, country).
        config = state.config_digest()
        table.append(("figures", None, (tuple(failed.items()), state.day, config)))
    return table


def keyed_rules(
    state: RunState,
    files: list[str],
    digests: list[bytes | None],
    summaries: dict[str, tuple[Any, ...]],
    failed: dict[str, str],
    kinds: Counter[str],
    only: set[str] | None = None,
) -> Keyed:
    """The rules that read a few kinds, each keyed by the digests of the files it reads.

    ``only``: just these rules (of those that apply).
    """
    holders = {
        rel: {a[1] for a in summary[ARTS]} for rel, summary in summaries.items() if summary[ARTS]
    }
    where = {rel: digests[i] for i, rel in enumerate(files)}

    def subset(wanted: frozenset[str] | None) -> Repository:
        from itsmkit.repo.loader import Repository

        repo = Repository(root=state.root, config=state.config, failed=dict(failed))
        for rel, held in holders.items():
            if wanted is None or held & wanted:
                result = state.result(rel, where[rel], len(files), keep=True)
                repo.artefacts.extend(
                    a for a in result.artefacts if wanted is None or a.artefact.kind in wanted
                )
        return repo

    def key_of(wanted: frozenset[str] | None, *extra: object) -> bytes:
        return _digest(
            *(
                f"{rel}\0".encode() + (where[rel] or b"?")
                for rel, held in holders.items()
                if wanted is None or held & wanted
            ),
            *extra,
        )

    def slas() -> list[Issue]:
        from itsmkit.rules.repository import check_slas

        return list(check_slas(subset(SLA_KINDS)))

    def contracts() -> list[Issue]:
        from itsmkit.rules.contracts import check_contracts

        return list(check_contracts(subset(CONTRACT_KINDS)))

    def figures() -> list[Issue]:
        from itsmkit.rules.sla_figures import check_report_figures

        return list(check_report_figures(subset(None), state.today))

    compute = {"slas": slas, "contracts": contracts, "figures": figures}
    return [
        (name, key_of(wanted, *extra), compute[name])
        for name, wanted, extra in rule_table(state, failed, kinds)
        if only is None or name in only
    ]
