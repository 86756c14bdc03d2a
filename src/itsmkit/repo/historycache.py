"""The git history of a commit, remembered: ``git log`` of 2,000 commits runs once.

What :func:`itsmkit.repo.history.read_history` returns depends only on the commit read
from (a commit's history never changes: its id is the digest of its content and of its
parents') and on where the company folder lies in the work tree. So it is kept in
``.itsmkit/cache/history.cache`` under (folder, commit); a later audit asks git only
which commit HEAD is (two cheap calls) and reads the rest from the file. A few
commits are kept (an audit of today and of a past date read different ones).

The file holds plain data (numbers and strings) behind a header and a digest, and is
read by an unpickler that resolves no global: a damaged, foreign or planted file is
ignored and rewritten. Any failure to write is no cache, never an error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from itsmkit.repo.cache import (
    disabled_by_env,
    folder,
    plain_dumps,
    plain_loads,
    read_file,
    seal,
    write_file,
)
from itsmkit.repo.history import FileDates, History, _git, git_available, read_history

FILE_NAME = "history.cache"
MAGIC = b"itsmkit-history\n"
FORMAT = 1
KEEP = 3


def _path(root: Path) -> Path:
    return folder(root) / FILE_NAME


def _read(path: Path) -> list[Any]:
    payload = read_file(path, MAGIC, FORMAT, b"")
    if payload is None:
        return []
    try:
        data = plain_loads(payload)
    except Exception:
        return []
    return data if isinstance(data, list) else []


def _write(path: Path, entries: list[Any]) -> None:
    write_file(path, seal(MAGIC, FORMAT, b"", plain_dumps(entries)))


def _encode(history: History) -> tuple[Any, ...]:
    files = {
        name: (int(d.first.timestamp()), int(d.last.timestamp()), d.commits)
        for name, d in history.files.items()
    }
    return (history.head, history.commits, files)


def _decode(entry: tuple[Any, ...]) -> History:
    head, commits, files = entry
    utc = dt.timezone.utc
    return History(
        True,
        head=head,
        commits=commits,
        files={
            name: FileDates(
                dt.datetime.fromtimestamp(first, utc), dt.datetime.fromtimestamp(last, utc), n
            )
            for name, (first, last, n) in files.items()
        },
    )


def cached_history(
    root: Path, *, until: str | None = None, cache: bool | None = None, store: Path | None = None
) -> History:
    """``read_history(root, until=until)``, from the cache when that commit was read before.

    ``cache`` as in ``load_repository``: True reads and updates, None only reads, False
    (or ``ITSMKIT_NO_CACHE``) reads git every time. ``store`` is the repository whose
    cache folder holds the file (default ``root``).
    """
    if cache is False or disabled_by_env() or not git_available():
        return read_history(root, until=until)
    # Which commit, and where the folder lies in the work tree: two cheap git calls.
    head = _git(root, "rev-parse", "--verify", "-q", until or "HEAD")
    prefix = _git(root, "rev-parse", "--show-prefix")
    if head.returncode != 0 or prefix.returncode != 0:
        return read_history(root, until=until)  # says why there is no history
    key = f"{head.stdout.strip()}\0{prefix.stdout.strip()}\0{root.resolve()}"
    path = _path(store or root)
    entries = _read(path)
    for entry in entries:
        try:
            if entry[0] == key:
                return _decode(entry[1])
        except Exception:  # a foreign layout: read git again, rewrite
            entries = []
            break
    history = read_history(root, until=until)
    if cache is True and history.available and history.head == head.stdout.strip():
        kept = [e for e in entries if isinstance(e, tuple) and len(e) == 2 and e[0] != key]
        _write(path, [(key, _encode(history)), *kept[: KEEP - 1]])
    return history


__all__ = ["FILE_NAME", "cached_history"]
