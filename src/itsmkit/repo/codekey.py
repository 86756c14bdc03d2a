"""The digest of the code every cached result depends on, without reading it every run.

Cached results are keyed by the itsmkit sources and data they came from (hashed, not
just the version, so that an edited checkout or a patched install never reuses the
results of other code), and by the versions of Python, pydantic and PyYAML. Hashing
the 1.5 MB of sources costs about 10 ms a run. As git does for its index, the digest is
remembered against the files' sizes, change times and inodes (a stat costs a
microsecond), in the user's cache folder: when no file looks changed, the remembered
digest is used; when one does, or when a file changed too recently for its time to be
trusted, everything is hashed again. Any failure to remember is only a miss.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import time
from pathlib import Path

from itsmkit.repo.cache import DIGEST_SIZE, RACY_NS

_SUFFIXES = (".py", ".yaml", ".yml")


def _sources(package: str) -> list[tuple[str, os.stat_result]]:
    """Every source file of the package (and data file under ``data/``), with its stat."""
    out: list[tuple[str, os.stat_result]] = []

    def walk(folder: str, rel: str, data: bool) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = rel + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        walk(entry.path, name + "/", data or name == "data")
                elif entry.name.endswith(".py") or (data and entry.name.endswith(_SUFFIXES)):
                    out.append((name, entry.stat()))

    walk(package, "", False)
    out.sort()
    return out


def _library_files() -> list[str]:
    """Where pydantic, its core and PyYAML live: their versions are part of the key."""
    found = []
    for name in ("pydantic", "pydantic_core", "yaml"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            found.append(spec.origin)
    return found


def _signature(package: str, files: list[tuple[str, os.stat_result]]) -> str:
    digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
    digest.update(f"{sys.version}\0{package}\0".encode())
    stats: list[tuple[str, os.stat_result | None]] = list(files)
    for origin in _library_files():
        try:
            stats.append((origin, Path(origin).stat()))
        except OSError:
            stats.append((origin, None))
    for rel, st in stats:
        seen = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) if st else "missing"
        digest.update(f"{rel}\0{seen}\0".encode())
    return digest.hexdigest()


def _content(package: str, files: list[tuple[str, os.stat_result]]) -> bytes:
    import pydantic  # each release pins its pydantic-core exactly
    import yaml

    import itsmkit

    digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
    for part in (itsmkit.__version__, sys.version, pydantic.VERSION, yaml.__version__):
        digest.update(part.encode() + b"\0")
    base = Path(package)
    for rel, _ in files:
        digest.update(rel.encode() + b"\0")
        try:
            digest.update((base / rel).read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.digest()


def memo_folder() -> Path | None:
    """Where remembered digests are kept (the user's cache folder), or None."""
    from itsmkit.usercache import folder

    return folder("code")


def _recall(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if len(data) == DIGEST_SIZE else None


KEEP = 32
"""Remembered digests kept (each code version, e.g. each edit of a checkout, adds one)."""


def _remember(path: Path | None, value: bytes) -> None:
    if path is None:
        return
    from itsmkit.errors import ItsmkitError
    from itsmkit.fsutil import atomic_write_bytes

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write_bytes(path, value, sync=False)
        _prune(path.parent)
    except (OSError, ItsmkitError):
        return


def _prune(folder: Path) -> None:
    entries = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for entry in entries[KEEP:]:
        try:
            entry.unlink()
        except OSError:
            continue


_known: dict[str, bytes] = {}


def code_digest(package: str | None = None, *, memo: Path | None = None) -> bytes:
    """The digest of itsmkit's code and data and of the libraries' versions.

    ``package`` defaults to the installed itsmkit; ``memo`` to :func:`memo_folder`.
    """
    if package is None:
        import itsmkit

        package = str(Path(itsmkit.__file__).parent)
    if package in _known:
        return _known[package]
    files = _sources(package)
    folder = memo if memo is not None else memo_folder()
    path = folder / _signature(package, files) if folder is not None else None
    value = _recall(path)
    if value is None:
        value = _content(package, files)
        newest = max((st.st_mtime_ns for _, st in files), default=0)
        if time.time_ns() - newest > RACY_NS:  # too recent: it could change unseen
            _remember(path, value)
    _known[package] = value
    return value
