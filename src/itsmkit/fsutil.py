"""File reading and writing that never blocks, leaks or leaves a half-written file behind.

Writes go to a temporary file beside the target, then are renamed into place, and only
ever replace a regular file: a symbolic link, a device, a FIFO or a socket given as a
target is refused (``/dev/stdout`` and ``/dev/stderr`` are written through, on purpose).
Reads open with ``O_NONBLOCK`` and refuse anything that is not a regular file, so a FIFO
named ``pipe.yaml`` cannot hang a command. Operating-system failures become
:class:`~itsmkit.errors.FileSystemError` naming the path and what to do.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from itsmkit.errors import FileSystemError, OutputRefusedError

WRITE_THROUGH = frozenset({"/dev/stdout", "/dev/stderr", "/dev/fd/1", "/dev/fd/2"})
"""Targets written in place rather than replaced: the streams a user names on purpose."""


def check_target(path: Path) -> None:
    """Refuse a write target that exists and is not a regular file.

    Raises:
        OutputRefusedError: ``path`` is a symbolic link, a folder, a device, a FIFO or a socket.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise FileSystemError.of(exc, path=path) from None
    if stat.S_ISREG(mode):
        return
    if stat.S_ISLNK(mode):
        raise OutputRefusedError(path=path, what="a symbolic link")
    if stat.S_ISDIR(mode):
        raise OutputRefusedError(path=path, what="a folder")
    raise OutputRefusedError(path=path, what=_kind(mode))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def atomic_write_bytes(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    ``sync=False`` skips the fsync, for files that are checked when read (a cache): a
    crash may then leave an empty or truncated file, never a mix of two versions.

    Raises:
        OutputRefusedError: ``path`` exists and is not a regular file.
        FileSystemError: the disk is full, the folder is read-only, permissions...
    """
    if str(path) in WRITE_THROUGH:
        _write_through(path, data)
        return
    check_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise FileSystemError.of(exc, path=path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        # mkstemp creates 0600; give the file the mode a plain open() would (umask applies).
        Path(tmp).chmod(path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        Path(tmp).replace(path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise FileSystemError.of(exc, path=path) from None
        raise


def _write_through(path: Path, data: bytes) -> None:
    try:
        with path.open("wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise FileSystemError.of(exc, path=path) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see :func:`atomic_write_bytes`)."""
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
        if str(path) in WRITE_THROUGH:
            statuses.append(WRITTEN)  # a stream, by explicit choice: never "differs"
            continue
        check_target(path)  # a folder, link, device or FIFO is refused, never replaced
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


def read_regular_bytes(path: Path) -> bytes:
    """The bytes of ``path``, refusing (never blocking on) anything but a regular file.

    Raises:
        FileSystemError: ``path`` cannot be read, or is a FIFO, device, socket or folder.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise FileSystemError.of(exc, path=path) from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else _kind(mode)
            raise FileSystemError(
                path=path,
                reason=f"is {what}, not a regular file",
                hint="itsmkit reads regular files only: replace it with a file, or remove it.",
            )
        try:
            return handle.read()
        except OSError as exc:
            raise FileSystemError.of(exc, path=path) from None
