"""Remember what each file yields, so an unchanged file is neither read nor parsed again.

A file's result (its validated artefacts, the ids that failed validation, its per-file
issues) depends only on its path, its bytes, the itsmkit code, the reader's limits and the
repository's time zone (given to timestamps written without an offset).
The cache keeps it under that key in ``.itsmkit/cache/`` of the company repository
(ignored by git through a ``.gitignore`` the cache writes itself). Cross-file rules are
not cached: they run over the results every time, as in a full run.

Finding a file's entry:

1. stat fast path: same size, mtime, ctime and inode as when stored → the entry is used
   without reading the file (an entry whose mtime was too recent when stored is never
   trusted this way: the file may change again within the clock's granularity);
2. otherwise the bytes are read and hashed: same digest → the entry is used;
3. otherwise the file is parsed and validated, and the entry replaced.

The cache is a set of shard files, each a pickle behind a header (magic, format,
environment key, payload digest). A shard that is missing, truncated, corrupt, written by
another version, with other limits or another time zone is ignored and rebuilt; unpickling goes through an
allow-list of itsmkit's own model classes and a few standard types, so a planted file
cannot run code. Shards are written atomically: concurrent runs each write whole files
and the last one wins. Nothing here ever fails a command: the cache is an optimisation.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from itsmkit.config import Limits
from itsmkit.issues import Issue

if TYPE_CHECKING:
    from itsmkit.repo.loader import Parsed, Repository

CACHE_DIR = ".itsmkit/cache"
"""The cache folder, relative to the repository root."""

ENV_DISABLE = "ITSMKIT_NO_CACHE"
"""Set (to anything but empty or ``0``) to disable the cache, like ``--no-cache``."""

FORMAT = 1
MAGIC = b"itsmkit-cache\n"
DIGEST_SIZE = 20  # bytes of blake2b: collisions are out of reach, hashing stays cheap
RACY_NS = 3_000_000_000
"""A file modified (mtime or ctime) this recently when stored is hashed next time, not trusted."""

ENTRIES_PER_SHARD = 512
MAX_SHARDS = 256

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


# Named tuples, not dataclasses: they unpickle in C, several times faster per entry.
class FileResult(NamedTuple):
    """What one file yields: its artefacts (``Loaded``), failed ids → kind, its issues."""

    artefacts: tuple[Any, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    issues: tuple[Issue, ...] = ()


class Entry(NamedTuple):
    """A cached file: how it looked (stat, digest) and what it yields."""

    stat: Stat | None
    digest: bytes
    result: FileResult


@dataclass(slots=True)
class CacheStats:
    """What the cache did in one load (for tests and benchmarks)."""

    by_stat: int = 0
    by_digest: int = 0
    parsed: int = 0
    shards_read: int = 0
    shards_rejected: int = 0
    shards_written: int = 0


def disabled_by_env() -> bool:
    """Whether ``ITSMKIT_NO_CACHE`` asks for no cache."""
    return os.environ.get(ENV_DISABLE, "") not in ("", "0")


def folder(root: Path) -> Path:
    """The cache folder of the repository at ``root``."""
    return root / CACHE_DIR


def clear(root: Path) -> int:
    """Remove the caches of the repository at ``root``; return the number of files removed.

    Every cache file lives in the one folder: the file cache's shards and index
    (``.pack``, the settings' memo too), the rules cache (``.verdict``), the history cache
    (``.cache``), unfinished temporary files (``.tmp``) and the ``--changed`` states
    (``.state``) earlier versions wrote.
    """
    base = folder(root)
    removed = 0
    try:
        names = [p.name for p in base.iterdir()]
    except OSError:
        return 0
    for name in names:
        if name.endswith((".pack", ".tmp", ".state", ".verdict", ".cache")) or name in (
            ".gitignore",
            "CACHEDIR.TAG",
        ):
            try:
                (base / name).unlink()
                removed += 1
            except OSError:
                continue
    try:
        base.rmdir()
        base.parent.rmdir()  # .itsmkit/ too, when the cache was all it held
    except OSError:
        pass
    return removed


_env_key: dict[tuple[Limits, str], bytes] = {}


def environment_key(limits: Limits, time_zone: str) -> bytes:
    """What every entry depends on besides the file: the code, its libraries, the limits.

    And the time zone that timestamps without an offset are read in: changing
    ``time_zone`` in itsmkit.yaml changes what such files yield.

    The itsmkit sources are hashed (not just the version) so that an edited checkout or
    a patched install never reuses results of other code (:mod:`itsmkit.repo.codekey`
    remembers that digest against the files' stats).
    """
    if (limits, time_zone) in _env_key:
        return _env_key[limits, time_zone]
    from itsmkit.repo.codekey import code_digest

    digest = hashlib.blake2b(code_digest(), digest_size=DIGEST_SIZE)
    for part in (repr(limits), time_zone):
        digest.update(part.encode() + b"\0")
    _env_key[limits, time_zone] = digest.digest()
    return _env_key[limits, time_zone]


# --- safe unpickling ----------------------------------------------------------------

_ALLOWED_GLOBALS = frozenset(
    {
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("pydantic_core._pydantic_core", "TzInfo"),
        ("decimal", "Decimal"),
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("copyreg", "_reconstructor"),
        ("builtins", "object"),
        ("itsmkit.issues", "Issue"),
        ("itsmkit.issues", "Severity"),
        ("itsmkit.repo.loader", "Loaded"),
        ("itsmkit.repo.cache", "Entry"),
        ("itsmkit.repo.cache", "FileResult"),
    }
)


class ForbiddenGlobalError(pickle.UnpicklingError):
    """A cache file names something outside the allow-list: never loaded."""


class _SafeUnpickler(pickle.Unpickler):
    """Resolves only itsmkit's model (and settings) classes and enums, and a few plain types."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        if (module.startswith("itsmkit.model.") or module == "itsmkit.config") and "." not in name:
            import enum

            from pydantic import BaseModel

            found = super().find_class(module, name)
            if isinstance(found, type) and issubclass(found, BaseModel | enum.Enum):
                return found
        raise ForbiddenGlobalError(f"{module}.{name} is not allowed in a cache file")


def safe_loads(data: bytes) -> Any:
    """Unpickle what a cache file holds: built-in values and the few classes allowed."""
    return _SafeUnpickler(io.BytesIO(data)).load()


# --- shards ---------------------------------------------------------------------------


def shard_count(files: int) -> int:
    """Shards for this many files: a power of two, about ``ENTRIES_PER_SHARD`` each.

    Changing one file rewrites one shard, so its size bounds the cost of a small edit.
    """
    count = 1
    while count < MAX_SHARDS and count * ENTRIES_PER_SHARD < files:
        count *= 2
    return count


def shard_of(rel: str, shards: int) -> int:
    """The shard holding ``rel`` (stable across runs and platforms)."""
    if shards == 1:
        return 0
    return (
        int.from_bytes(
            hashlib.blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=4).digest(), "big"
        )
        % shards
    )


def _shard_name(index: int, shards: int) -> str:
    return f"{shards}-{index}.pack"


def seal(magic: bytes, version: int, env: bytes, payload: bytes) -> bytes:
    """A cache file's bytes: magic, format, environment key, digest, payload.

    ``env`` may be empty (a cache whose content names its own key); see :func:`unseal`.
    """
    check = hashlib.blake2b(payload, digest_size=DIGEST_SIZE).digest()
    return magic + version.to_bytes(2, "big") + env + check + payload


def unseal(blob: bytes, magic: bytes, version: int, env: bytes) -> bytes | None:
    """The payload of a file :func:`seal` made with these values, else None.

    None for anything else: another file, another format or environment (another itsmkit,
    other limits), a truncated or damaged payload. Every cache file is read through here.
    """
    head = len(magic) + 2 + len(env) + DIGEST_SIZE
    if len(blob) < head or not blob.startswith(magic):
        return None
    at = len(magic)
    if int.from_bytes(blob[at : at + 2], "big") != version:
        return None
    at += 2
    if blob[at : at + len(env)] != env:
        return None
    at += len(env)
    check, payload = blob[at : at + DIGEST_SIZE], blob[at + DIGEST_SIZE :]
    if hashlib.blake2b(payload, digest_size=DIGEST_SIZE).digest() != check:
        return None
    return payload


def read_file(path: Path, magic: bytes, version: int, env: bytes) -> bytes | None:
    """The payload of a sealed cache file (:func:`seal`), or None when it cannot be used.

    Missing, unreadable, another format or code, damaged: all mean no cache.
    """
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    return unseal(blob, magic, version, env)


def write_file(path: Path, blob: bytes) -> bool:
    """Write a file of a cache folder atomically; False when it cannot be (no cache).

    The folder is made as every cache folder is: ignored by git, tagged as a cache.
    """
    try:
        _prepare(path.parent)
        _write(path, blob)
    except OSError:
        return False
    return True


def decode_shard(blob: bytes, env: bytes) -> dict[str, Entry] | None:
    """The entries of a shard file, or None when it is not one of ours, for this code."""
    payload = unseal(blob, MAGIC, FORMAT, env)
    if payload is None:
        return None
    try:
        entries = safe_loads(payload)
    except Exception:  # any unpickling failure means: not usable, rebuild
        return None
    if not isinstance(entries, dict) or not all(
        isinstance(k, str) and isinstance(v, Entry) for k, v in entries.items()
    ):
        return None
    return entries


def encode_shard(entries: dict[str, Entry], env: bytes) -> bytes:
    """A shard file's bytes: header, then the pickled entries."""
    return seal(MAGIC, FORMAT, env, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))


# --- the cache of one load --------------------------------------------------------------


def stat_of(path: str) -> Stat | None:
    """The stat fields an entry is matched on, or None when the file cannot be stat'ed."""
    try:
        st = os.stat(path)  # noqa: PTH116 - a str path: 10k Path objects cost more than the stat
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def digest_of(raw: bytes) -> bytes:
    """The content key of a file's bytes."""
    return hashlib.blake2b(raw, digest_size=DIGEST_SIZE).digest()


@dataclass(slots=True)
class FileCache:
    """The cache of one repository for one load: look up, store, then save what changed."""

    root: Path
    env: bytes
    shards: int
    entries: list[dict[str, Entry] | None] = field(default_factory=list)
    dirty: set[int] = field(default_factory=set)
    stats: CacheStats = field(default_factory=CacheStats)
    started_ns: int = 0
    writable: bool = True
    """False: used as it is, never created or updated (commands that must write nothing)."""

    @classmethod
    def open(
        cls,
        root: Path,
        limits: Limits,
        files: int,
        *,
        time_zone: str,
        writable: bool = True,
    ) -> FileCache:
        """The cache for a tree of ``files`` files; shards are read when first needed.

        A missing or bad shard starts empty.
        """
        cache = cls(
            root,
            environment_key(limits, time_zone),
            shard_count(files),
            started_ns=time.time_ns(),
            writable=writable,
        )
        cache.entries = [None] * cache.shards
        return cache

    def _read_shard(self, index: int) -> dict[str, Entry]:
        entries: dict[str, Entry] | None = None
        try:
            with open(folder(self.root) / _shard_name(index, self.shards), "rb") as handle:  # noqa: PTH123
                blob = handle.read()
        except OSError:
            blob = None
        if blob is not None:
            entries = decode_shard(blob, self.env)
            if entries is None:
                self.stats.shards_rejected += 1
                self.dirty.add(index)  # rewrite it, even if nothing else changes
            else:
                self.stats.shards_read += 1
        loaded = self.entries[index] = entries or {}
        return loaded

    def _shard(self, rel: str) -> dict[str, Entry]:
        return self._shard_at(shard_of(rel, self.shards))

    def result(self, rel: str, digest: bytes) -> FileResult | None:
        """What ``rel`` yields if its entry holds these bytes (the stat is not looked at)."""
        entry = self._shard(rel).get(rel)
        if entry is None or entry.digest != digest:
            return None
        return entry.result

    def knows(self, rel: str) -> bool:
        """Whether ``rel`` has an entry (whatever its state)."""
        return rel in self._shard(rel)

    def by_stat(self, rel: str, stat: Stat | None) -> FileResult | None:
        """The result of ``rel`` if it looks exactly as when stored (no read)."""
        entry = self._shard(rel).get(rel)
        if entry is None or stat is None or entry.stat != stat:
            return None
        self.stats.by_stat += 1
        return entry.result

    def by_digest(self, rel: str, digest: bytes, stat: Stat | None) -> FileResult | None:
        """The result of ``rel`` if its bytes are those stored; the stat is refreshed."""
        entry = self._shard(rel).get(rel)
        if entry is None or entry.digest != digest:
            return None
        self.stats.by_digest += 1
        trusted = self._trusted(stat)
        if entry.stat != trusted:
            self._shard(rel)[rel] = entry._replace(stat=trusted)
            self.dirty.add(shard_of(rel, self.shards))
        return entry.result

    def _trusted(self, stat: Stat | None) -> Stat | None:
        # A file written just before we read it may change again with the same mtime.
        return trusted_stat(stat, self.started_ns)

    def store(self, rel: str, digest: bytes, stat: Stat | None, result: FileResult) -> None:
        """Remember what ``rel`` yields."""
        index = shard_of(rel, self.shards)
        self._shard(rel)[rel] = Entry(self._trusted(stat), digest, result)
        self.dirty.add(index)
        self.stats.parsed += 1

    def forget_others(self, keep: Iterable[str], *, read_only: bool = False) -> None:
        """Drop entries of files no longer in the tree (deleted, renamed, now excluded).

        With ``read_only``, only in the shards already read (others keep stale entries,
        harmless: an entry is used only for the same path and bytes).
        """
        wanted = set(keep)
        for index in range(self.shards):
            entries = self.entries[index]
            if entries is None:
                if read_only:
                    continue
                entries = self._read_shard(index)
            gone = [rel for rel in entries if rel not in wanted]
            for rel in gone:
                del entries[rel]
            if gone:
                self.dirty.add(index)

    def save(self) -> None:
        """Write the shards that changed; on any failure, leave the cache as it was."""
        if not self.dirty or not self.writable:
            return
        base = folder(self.root)
        try:
            _prepare(base)
            for index in sorted(self.dirty):
                _write(
                    base / _shard_name(index, self.shards),
                    encode_shard(self._shard_at(index), self.env),
                )
                self.stats.shards_written += 1
            _remove_stale(base, self.shards)
        except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
            return  # read-only repository, disk full, an unpicklable value: no cache, no harm
        self.dirty.clear()

    def _shard_at(self, index: int) -> dict[str, Entry]:
        found = self.entries[index]
        return found if found is not None else self._read_shard(index)


def _prepare(base: Path) -> None:
    base.mkdir(parents=True, exist_ok=True)
    ignore = base / ".gitignore"
    if not ignore.exists():
        _write(ignore, b"# Created by itsmkit: the cache is never committed.\n*\n")
    tag = base / "CACHEDIR.TAG"
    if not tag.exists():
        _write(
            tag,
            b"Signature: 8a477f597d28d172789f06886806bc55\n"
            b"# This file is a cache directory tag created by itsmkit.\n",
        )


def _write(path: Path, data: bytes) -> None:
    from itsmkit.errors import ItsmkitError
    from itsmkit.fsutil import atomic_write_bytes

    try:
        atomic_write_bytes(path, data, sync=False)
    except ItsmkitError as exc:
        raise OSError(str(exc)) from None


def _remove_stale(base: Path, shards: int) -> None:
    # Shards of another count were written when the tree had another size.
    prefix = f"{shards}-"
    for name in [p.name for p in base.iterdir()]:
        if name.endswith(".pack") and name[0].isdigit() and not name.startswith(prefix):
            try:
                (base / name).unlink()
            except OSError:
                continue


# --- the hook the loader calls ----------------------------------------------------------


_NO_ROOT = Path()


def result_of(parsed: Parsed, time_zone: str) -> FileResult:
    """Validate one parsed file on its own, as the loader would, and keep what it yields."""
    from itsmkit.repo.loader import Repository, add_parsed

    scratch = Repository(root=_NO_ROOT, config=None)
    add_parsed(parsed, scratch, time_zone)
    return FileResult(
        tuple(scratch.artefacts), tuple(scratch.failed.items()), tuple(scratch.issues)
    )


def load_files(
    into: Repository,
    limits: Limits,
    jobs: int | None,
    *,
    write: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> CacheStats:
    """Add what every file of ``into.files`` yields, from the cache where it still holds.

    The result is the same as validating every file (in the same order); only the files
    whose bytes changed, or that have no entry, are parsed (by workers, if many). With
    ``write`` false the cache is only read: nothing on disk changes. ``progress`` is
    called with (files read, files in all): once for those the cache holds, then as each
    other file is parsed.
    """
    from itsmkit.config import time_zone_of
    from itsmkit.repo.loader import parse_bytes
    from itsmkit.repo.pool import parse_all

    root, files = into.root, into.files
    zone = time_zone_of(into.config)
    cache = FileCache.open(root, limits, len(files), writable=write, time_zone=zone)
    results: list[FileResult | None] = [None] * len(files)
    stats: list[Stat | None] = [None] * len(files)
    unknown: list[int] = []  # no entry, or unreadable: parse (in workers when many)
    base = str(root) + os.sep
    for index, rel in enumerate(files):
        stat = stats[index] = stat_of(base + rel)
        found = cache.by_stat(rel, stat)
        if found is not None:
            results[index] = found
            continue
        if stat is None or not cache.knows(rel):
            unknown.append(index)
            continue
        # Known but touched (checkout, copy, edit): the bytes decide.
        try:
            from itsmkit.fsutil import read_regular_bytes

            raw = read_regular_bytes(root / rel)
        except Exception:  # the parse below reports it as an issue
            unknown.append(index)
            continue
        digest = digest_of(raw)
        found = cache.by_digest(rel, digest, stat)
        if found is None:
            found = result_of(parse_bytes(rel, raw, limits), zone)
            cache.store(rel, digest, stat, found)
        results[index] = found
    total, done = len(files), len(files) - len(unknown)
    if progress is not None:
        progress(done, total)
    parsed_all = parse_all(root, [files[i] for i in unknown], limits, jobs, digest=True)
    for index, parsed in zip(unknown, parsed_all, strict=True):
        if progress is not None:
            done += 1
            progress(done, total)
        found = result_of(parsed, zone)
        if parsed.digest is not None:
            cache.store(files[index], parsed.digest, stats[index], found)
        results[index] = found
    for result in results:
        assert result is not None  # every index was filled above
        into.artefacts.extend(result.artefacts)
        into.failed.update(result.failed)
        into.issues.extend(result.issues)
    cache.forget_others(files)
    cache.save()
    return cache.stats


# --- the index: one file for the whole tree (the incremental validator's) -----------------

INDEX_FILE = "index.pack"
INDEX_MAGIC = b"itsmkit-index\n"
INDEX_FORMAT = 3

Table = dict[str, tuple[Stat | None, bytes]]
"""Every file of the tree as last seen: path → (trusted stat or None, digest)."""


class _PlainUnpickler(pickle.Unpickler):
    """Builds only built-in values (tuples, strings, numbers, bytes, dicts): no class at all."""

    def find_class(self, module: str, name: str) -> Any:
        raise ForbiddenGlobalError(f"{module}.{name} is not allowed in the index")


def plain_loads(data: bytes) -> Any:
    """Unpickle data made only of built-in values; anything naming a class is refused."""
    return _PlainUnpickler(io.BytesIO(data)).load()


def plain_dumps(value: Any) -> bytes:
    """Pickle built-in values (the counterpart of :func:`plain_loads`)."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass(slots=True)
class StoredIndex:
    """What the index file holds: the table, the summaries (still pickled) and the memo.

    ``summaries`` maps a chunk number to the pickled summaries of the files in that
    chunk (see :func:`chunk_of`): they stay bytes until someone needs them (a run that
    finds nothing changed answers from ``memo`` without decoding any), and a change
    re-pickles only its chunk.
    """

    table: Table = field(default_factory=dict)
    summaries: dict[int, bytes] = field(default_factory=dict)
    memo: dict[str, tuple[bytes, Any]] = field(default_factory=dict)
    parts: dict[int, tuple[Table, bytes]] = field(default_factory=dict)
    """The table as read, by chunk, with its pickle (reused for chunks that did not change)."""


def index_path(root: Path) -> Path:
    """The index file of the repository at ``root``."""
    return folder(root) / INDEX_FILE


def read_index(root: Path, env: bytes) -> tuple[StoredIndex | None, bool]:
    """The index of ``root`` for this code, and whether a file was there but rejected.

    Anything that is not exactly what :func:`write_index` wrote with the same ``env`` key
    (missing, truncated, corrupt, another version or limits, a planted pickle) gives None.
    """
    try:
        with open(index_path(root), "rb") as handle:  # noqa: PTH123
            blob = handle.read()
    except OSError:
        return None, False
    payload = unseal(blob, INDEX_MAGIC, INDEX_FORMAT, env)
    if payload is None:
        return None, True
    try:
        tables, summaries, memo = plain_loads(payload)
        if not (
            isinstance(tables, dict) and isinstance(summaries, dict) and isinstance(memo, dict)
        ):
            return None, True
        table: Table = {}
        parts: dict[int, tuple[Table, bytes]] = {}
        for number, chunk in tables.items():
            part = plain_loads(chunk)
            if not isinstance(part, dict):
                return None, True
            table.update(part)
            parts[number] = (part, chunk)
    except Exception:  # any unpickling failure: not usable, rebuild
        return None, True
    return StoredIndex(table, summaries, memo, parts), False


def write_index(root: Path, env: bytes, index: StoredIndex) -> bool:
    """Write the index atomically (concurrent runs: the last one wins); False if it cannot."""
    try:
        grouped: dict[int, Table] = {}
        for rel, seen in index.table.items():
            grouped.setdefault(chunk_of(rel), {})[rel] = seen
        tables = {}
        for number, part in grouped.items():
            old = index.parts.get(number)
            tables[number] = old[1] if old is not None and old[0] == part else plain_dumps(part)
        payload = plain_dumps((tables, index.summaries, index.memo))
    except (pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return False
    return write_file(index_path(root), seal(INDEX_MAGIC, INDEX_FORMAT, env, payload))


CHUNKS = 64
"""Chunks of the index's table and summaries (a change re-pickles one: 1/64 of the work)."""


def chunk_of(rel: str) -> int:
    """The summaries chunk of ``rel`` (stable across runs and platforms)."""
    return zlib.crc32(rel.encode("utf-8", "surrogateescape")) % CHUNKS


def trusted_stat(stat: Stat | None, started_ns: int) -> Stat | None:
    """``stat`` if it may be trusted next time (not modified within ``RACY_NS`` of the run)."""
    if stat is None or started_ns - max(stat[1], stat[2]) < RACY_NS:
        return None
    return stat
