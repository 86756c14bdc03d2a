"""Remember what the repository-wide rules said about an unchanged repository.

``render``, ``audit`` and ``site`` gate on (or report) validation, and the cross-file
rules (:func:`itsmkit.rules.repository.run_all`) are what a warm run spends most on once
the file cache (:mod:`itsmkit.repo.cache`) has made loading cheap. Their result depends
only on the repository's files (``itsmkit.yaml`` and every file loaded), the day they
are judged against, the itsmkit code and its package data. This module keeps it under
that key in ``.itsmkit/cache/rules.verdict`` beside the file cache.

How a lookup decides, file by file (the same rules as the file cache):

1. same size, mtime, ctime and inode as when stored (and that stat was already old
   enough then not to change within the clock's granularity) → the stored digest;
2. otherwise the bytes are read and hashed.

The digests of all files, in order, make the fingerprint; the stored result is used only
when the fingerprint, the day, the repository's path and the environment (the file
cache's key: itsmkit's sources and data files, Python, pydantic and PyYAML versions,
the reader's limits, the time zone) are all the same. A result is stored
only when every file was already a few seconds old when loading began, so it never pairs
the digests of new bytes with rules run over old ones (the first run after an edit
computes the rules, a later one stores them).

The file holds plain data only (issues as tuples of strings and numbers) and is read
with an unpickler that resolves no global at all: a planted file cannot run code. A
missing, truncated, corrupt or foreign file is ignored and rewritten. Nothing here ever
fails a command.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from itsmkit.config import CONFIG_FILE, Limits, time_zone_of
from itsmkit.issues import Issue, from_row, to_row
from itsmkit.repo import cache as file_cache
from itsmkit.repo.cache import (
    DIGEST_SIZE,
    Stat,
    digest_of,
    disabled_by_env,
    environment_key,
    folder,
    stat_of,
    trusted_stat,
)
from itsmkit.repo.loader import Repository

FILE_NAME = "rules.verdict"
MAGIC = b"itsmkit-rules\n"
FORMAT = 1
KEEP = 4  # results kept (different days: render's today, an audit's as-of date...)

Rules = Callable[[Repository, dt.date], list[Issue]]


def _path(root: Path) -> Path:
    return folder(root) / FILE_NAME


def _blake(*parts: bytes) -> bytes:
    digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little") + part)
    return digest.digest()


def _read(path: Path, env: bytes) -> dict[str, Any] | None:
    payload = file_cache.read_file(path, MAGIC, FORMAT, env)
    if payload is None:
        return None
    try:
        data = file_cache.plain_loads(payload)
    except Exception:  # corrupt or hostile: ignored, rewritten
        return None
    if not isinstance(data, dict) or not _well_formed(data.get("files"), data.get("results")):
        return None
    return data


def _well_formed(files: Any, results: Any) -> bool:
    """Whether a decoded payload has the shape this module writes (a planted one may not)."""
    if not isinstance(files, dict) or not isinstance(results, list):
        return False
    for rel, entry in files.items():
        if not (isinstance(rel, str) and isinstance(entry, tuple) and len(entry) == 2):
            return False
        stat, digest = entry
        if not isinstance(digest, bytes) or not (stat is None or isinstance(stat, tuple)):
            return False
    return all(
        isinstance(r, tuple)
        and len(r) == 3
        and isinstance(r[0], bytes)
        and isinstance(r[1], bytes)
        and isinstance(r[2], list)
        for r in results
    )


def _write(path: Path, env: bytes, data: dict[str, Any]) -> None:
    payload = file_cache.plain_dumps(data)
    file_cache.write_file(path, file_cache.seal(MAGIC, FORMAT, env, payload))


def rule_issues(
    repo: Repository, today: dt.date, *, write: bool = True, rules: Rules | None = None
) -> list[Issue]:
    """The repository-wide rules' issues for ``repo`` judged on ``today``.

    The same list, in the same order, as ``run_all(repo, today)``: taken from the cache
    when nothing they depend on changed, else computed (and, with ``write``, stored).
    A repository loaded without the file cache (``--no-cache``, ``ITSMKIT_NO_CACHE``, a
    past checkout) is judged without this one too.
    """
    if rules is None:
        from itsmkit.rules.repository import run_all

        rules = run_all
    if repo.cache is None or disabled_by_env() or repo.started_ns == 0:
        return rules(repo, today)
    limits = repo.config.limits.to_limits() if repo.config else Limits()
    # The key covers itsmkit's code and the data files the rules read (catalogs, checklists).
    env = environment_key(limits, time_zone_of(repo.config))
    path = _path(repo.root)
    stored = _read(path, env) or {"files": {}, "results": []}
    known: dict[str, tuple[Stat | None, bytes]] = stored["files"]
    key = _blake(str(repo.root).encode(), today.isoformat().encode())
    files: dict[str, tuple[Stat | None, bytes]] = {}
    fresh = True  # every file unchanged since before loading began: safe to store
    base = str(repo.root) + os.sep
    for rel in (CONFIG_FILE, *repo.files):
        stat = stat_of(base + rel)
        entry = known.get(rel)
        if entry is not None and stat is not None and entry[0] == stat:
            files[rel] = entry
            continue
        try:
            with open(base + rel, "rb") as handle:  # noqa: PTH123 - str path
                digest = digest_of(handle.read())
        except OSError:
            digest = b"unreadable"
        # Only a file already old when loading began is surely the one the loader read
        # (a coarse clock can date a later write before it): else nothing is stored.
        trusted = trusted_stat(stat, repo.started_ns)
        fresh = fresh and trusted is not None
        files[rel] = (trusted, digest)
    fingerprint = _blake(*(rel.encode() + b"\0" + files[rel][1] for rel in files))
    results: list[tuple[bytes, bytes, list[tuple[Any, ...]]]] = stored["results"]
    try:
        hit = next((r[2] for r in results if r[0] == key and r[1] == fingerprint), None)
        found = None if hit is None else [from_row(t) for t in hit]
    except Exception:  # a foreign layout: computed again, rewritten
        found, results = None, []
    if found is not None:
        if write and fresh and files != known:
            _write(path, env, {"files": files, "results": results})  # refreshed stats
        return found
    found = rules(repo, today)
    if write and fresh:
        kept = [r for r in results if r[0] != key][: KEEP - 1]
        encoded = [to_row(i) for i in found]
        _write(path, env, {"files": files, "results": [(key, fingerprint, encoded), *kept]})
    return found


__all__ = ["FILE_NAME", "rule_issues"]
