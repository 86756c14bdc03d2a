"""Writes of several files that land all together or not at all, even after a crash.

:func:`write_all` stages every file in a hidden folder ``.itsmkit-txn-*`` inside the
root (so on the same file system as the targets), then writes a journal listing them,
then moves them into place one rename each. The journal is the commit point:

* a crash (``kill -9``, power cut) or a full disk *before* the journal is complete leaves
  only the hidden folder: nothing was changed, and the next write removes it;
* a crash *after* it leaves some files moved and the rest still staged: the next write
  in that root (or :func:`recover`) finishes the moves first, and ``validate`` reports
  the folder (``path-write-interrupted``) with what to do until then.

Targets must be regular files or absent (see :func:`itsmkit.fsutil.check_target`).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from itsmkit.errors import FileSystemError, UsageError
from itsmkit.fsutil import check_target

PREFIX = ".itsmkit-txn-"
JOURNAL = "journal.json"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class Pending:
    """A transaction found on disk: its folder, the command and the files left to move."""

    folder: Path
    command: str
    targets: list[str]
    committed: bool


def write_all(root: Path, files: Mapping[Path, bytes], *, command: str) -> None:
    """Write every ``files`` item (paths under ``root``) all or nothing.

    Raises:
        OutputRefusedError: a target exists and is not a regular file.
        FileSystemError: the disk is full, a folder is read-only... (nothing was changed).
        UsageError: a target is outside ``root`` or on another file system.
    """
    root.mkdir(parents=True, exist_ok=True)
    recover(root)
    rels: list[tuple[str, Path, bytes]] = []
    for path, data in files.items():
        check_target(path)
        rels.append((_relative(root, path), path, data))
    stage = _stage(root, rels, command)
    _check_same_device(stage, [path for _, path, _ in rels])
    _finish(root, stage)


def common_folder(paths: list[Path]) -> Path:
    """The deepest folder holding every path (where to stage a write of all of them)."""
    return Path(os.path.commonpath([os.path.abspath(p.parent) for p in paths]))  # noqa: PTH100


def _relative(root: Path, path: Path) -> str:
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        raise UsageError(f"{path} is outside {root}: cannot write it with the others") from None


def _stage(root: Path, rels: list[tuple[str, Path, bytes]], command: str) -> Path:
    try:
        stage = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))
    except OSError as exc:
        raise FileSystemError.of(exc, path=root) from None
    try:
        entries = []
        for index, (rel, _path, data) in enumerate(rels):
            name = f"{index:05d}"
            (stage / name).write_bytes(data)
            entries.append({"target": rel, "staged": name})
        _sync_all([stage / e["staged"] for e in entries])
        journal = {"itsmkit_transaction": FORMAT, "command": command, "files": entries}
        # The journal appears complete or not at all: this rename is the commit point.
        _write_synced(stage / f"{JOURNAL}.tmp", json.dumps(journal, indent=1).encode("ascii"))
        (stage / f"{JOURNAL}.tmp").replace(stage / JOURNAL)
        _fsync_path(stage)
    except BaseException as exc:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(exc, OSError):
            raise FileSystemError.of(exc, path=root) from None
        raise
    return stage


def _sync_all(paths: list[Path]) -> None:
    """Make every file durable before the journal is written: the fsyncs run side by side.

    One after the other, 290 fsyncs took 1.3 s on ext4 (each waits for its own journal
    commit); issued together from threads (fsync releases the GIL) the file system
    commits them in a few batches: 0.13 s. The guarantee is the same: all are on disk
    before the commit point.
    """
    if len(paths) < 2:
        for path in paths:
            _fsync_path(path)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(8, len(paths))) as pool:
        for _ in pool.map(_fsync_path, paths):  # re-raises the first OSError
            pass


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_path(path: Path) -> None:
    # By path, so that it works for a folder (its entries) as for a file.
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_same_device(stage: Path, targets: list[Path]) -> None:
    device = stage.stat().st_dev
    for target in targets:
        existing = target.parent
        while not existing.exists():
            existing = existing.parent
        if existing.stat().st_dev != device:
            shutil.rmtree(stage, ignore_errors=True)
            raise UsageError(
                f"{target} is on another file system than {stage.parent}",
                hint="Write all the files inside one file system (e.g. one -o folder).",
            )


def _read_journal(stage: Path) -> dict[str, object] | None:
    path = stage / JOURNAL
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or data.get("itsmkit_transaction") != FORMAT:
        raise UsageError(
            f"{path}: the journal of an interrupted write is unreadable",
            hint=f"Check the files it lists by hand, then remove the folder {stage}.",
        )
    return data


def _entries(journal: dict[str, object]) -> list[tuple[str, str]]:
    files = journal.get("files")
    if not isinstance(files, list):
        return []
    return [
        (str(item["target"]), str(item["staged"]))
        for item in files
        if isinstance(item, dict) and "target" in item and "staged" in item
    ]


def _finish(root: Path, stage: Path) -> list[str]:
    """Move what ``stage`` still holds into place, then remove it; return the targets moved."""
    journal = _read_journal(stage)
    if journal is None:  # staging never completed: nothing was moved
        shutil.rmtree(stage, ignore_errors=True)
        return []
    moved = []
    for rel, name in _entries(journal):
        target = _confined(root, rel, stage)
        staged = stage / name
        if "/" in name or name in (".", "..") or os.sep in name:
            raise UsageError(
                f"{stage / JOURNAL}: staged entry {name!r} is not a file itsmkit wrote",
                hint=f"This journal was not written by itsmkit here: remove the folder {stage}.",
            )
        if not staged.is_symlink() and not staged.exists():
            continue  # moved before the interruption
        if not _regular(staged):
            raise UsageError(
                f"{stage / JOURNAL}: staged entry {name!r} is not a file itsmkit wrote",
                hint=f"This journal was not written by itsmkit here: remove the folder {stage}.",
            )
        existing = target.parent
        while not existing.exists() and existing != root:
            existing = existing.parent
        try:
            if not _inside(existing, root):  # a folder on the way is a link leaving root
                raise UsageError(
                    f"{target}: refusing to move a staged file through a link leading outside "
                    f"{root}",
                    hint=f"Check the journal in {stage}; remove that folder to abandon the write.",
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            check_target(target)
            staged.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
            staged.replace(target)
        except OSError as exc:
            named = FileSystemError.of(exc, path=target)
            named.hint = (
                f"{named.hint} The other files wait in {stage}; the next write finishes them."
            )
            raise named from None
        moved.append(rel)
    shutil.rmtree(stage, ignore_errors=True)
    return moved


def _confined(root: Path, rel: str, stage: Path) -> Path:
    """The target of a journal entry, refused unless it stays inside ``root``.

    The journal is read back from disk (it may come from a clone): it must not move a
    file to ``/etc`` or ``~/.bashrc``.
    """
    parts = Path(rel).parts
    if not parts or Path(rel).is_absolute() or ".." in parts:
        raise UsageError(
            f"{stage / JOURNAL}: entry {rel!r} leaves {root}",
            hint=f"This journal was not written by itsmkit here: remove the folder {stage}.",
        )
    return root / rel


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _inside(folder: Path, root: Path) -> bool:
    real, top = os.path.realpath(folder), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def pending(root: Path) -> list[Pending]:
    """Transactions left in ``root`` by an interrupted write, without touching them."""
    found = []
    try:
        folders = sorted(root.glob(f"{PREFIX}*"))
    except OSError:
        return []
    for folder in folders:
        if not folder.is_dir():
            continue
        try:
            journal = _read_journal(folder)
        except UsageError:
            found.append(Pending(folder, "?", [], committed=True))
            continue
        if journal is None:
            found.append(Pending(folder, "?", [], committed=False))
            continue
        left = [rel for rel, name in _entries(journal) if (folder / name).exists()]
        found.append(Pending(folder, str(journal.get("command", "?")), left, committed=True))
    return found


def recover(root: Path) -> list[str]:
    """Finish (or discard, when staging never completed) every interrupted write in ``root``.

    Returns:
        The targets moved into place now, relative to ``root``.
    """
    moved = []
    for item in pending(root):
        moved.extend(_finish(root, item.folder))
    return moved
