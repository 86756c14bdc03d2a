"""Compiled templates kept between runs, so a render does not compile Jinja every time.

Jinja compiles each template to Python before rendering it (about 30 ms for the SLA
template with its macros). Its bytecode cache stores that code keyed by the template's
name and the checksum of its source; this module puts it in the user's cache folder
(``$XDG_CACHE_HOME/itsmkit/templates``, else ``~/.cache/itsmkit/templates``), never in
the company repository: a repository is shared, and loading code from a file someone
else could commit would let it run that code. The file names also carry a digest of the
engine's code and the Jinja version, so another itsmkit or Jinja never reuses them.
Rendered output is the same with or without it. Any failure (no home, a read-only
folder, a damaged file) means compiling as before. ``ITSMKIT_NO_CACHE`` turns it off.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket

from itsmkit.repo.cache import disabled_by_env


class _QuietCache(FileSystemBytecodeCache):
    """Jinja's file cache, but a failure to read or write is a miss, never an error."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # truncated, damaged or foreign: compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def folder() -> Path | None:
    """Where compiled templates are kept, or None when there is no user cache folder."""
    from itsmkit.usercache import folder as user_folder

    return user_folder("templates")


_stamp: dict[str, str] = {}


def _stamp_of(kind: str) -> str:
    if kind not in _stamp:
        import jinja2

        from itsmkit.render import engine

        digest = hashlib.blake2b(digest_size=8)
        for part in (
            kind.encode(),
            jinja2.__version__.encode(),
            Path(engine.__file__).read_bytes(),
        ):
            digest.update(part + b"\0")
        _stamp[kind] = digest.hexdigest()
    return _stamp[kind]


def bytecode_cache(kind: str) -> BytecodeCache | None:
    """The cache for an engine of ``kind`` (``md`` or ``docx``), or None when unavailable."""
    if disabled_by_env():
        return None
    where = folder()
    if where is None:
        return None
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        return _QuietCache(str(where), pattern=f"{kind}-{_stamp_of(kind)}-%s.cache")
    except OSError:
        return None
