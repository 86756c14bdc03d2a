"""File writing that never leaves a half-written file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp creates 0600; give the file the mode a plain open() would (umask applies).
        Path(tmp).chmod(path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


WRITTEN, UNCHANGED, OVERWRITTEN = "written", "unchanged", "overwritten"


def write_outputs(planned: Sequence[tuple[Path, bytes | str]], *, force: bool) -> list[str]:
    """The one way a command writes what ``-o`` names: the overwrite policy, in one place.

    A missing file is written; an existing file with the same bytes is left alone (no-op);
    an existing file that differs is overwritten only with ``force``. Without it, nothing
    at all is written and :class:`~itsmkit.errors.WriteConflictError` lists every such
    file. Each write is atomic. Returns the status of each file, in order: ``written``,
    ``unchanged`` or ``overwritten``.
    """
    from itsmkit.errors import WriteConflictError

    data = [
        (path, text.encode("utf-8") if isinstance(text, str) else text) for path, text in planned
    ]
    statuses: list[str] = []
    for path, content in data:
        if not path.exists():
            statuses.append(WRITTEN)
        elif path.is_file() and path.read_bytes() == content:
            statuses.append(UNCHANGED)
        else:
            statuses.append(OVERWRITTEN)
    conflicts = [p for (p, _), s in zip(data, statuses, strict=True) if s == OVERWRITTEN]
    if conflicts and not force:
        raise WriteConflictError(paths=conflicts)
    for (path, content), status in zip(data, statuses, strict=True):
        if status != UNCHANGED:
            atomic_write_bytes(path, content)
    return statuses


def write_output(path: Path, data: bytes | str, *, force: bool) -> str:
    """Write one ``-o`` file under the overwrite policy of :func:`write_outputs`."""
    return write_outputs([(path, data)], force=force)[0]
