"""Write a whole site or nothing: stage beside the target, then swap it in.

A previous build is recognised by the marker file it carries; any other existing folder
is replaced only with ``force``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from itsmkit.errors import UsageError

MARKER = ".itsmkit-site"


def check_target(target: Path, *, force: bool) -> None:
    """Refuse a target that is a file, or a folder that is not a previous site (without force)."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder", hint="Choose another -o folder.")
    if target.is_dir() and not force and not (target / MARKER).is_file() and any(target.iterdir()):
        raise UsageError(
            f"{target} exists and is not a site built by itsmkit",
            hint="Pass --force to replace it, or choose another -o folder.",
        )


def write_tree(target: Path, files: dict[str, bytes], *, force: bool = False) -> None:
    """Write ``files`` (relative path → bytes) as the folder ``target``, all or nothing."""
    check_target(target, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    old: Path | None = None
    try:
        for rel, data in {**files, MARKER: b"built by itsmkit site\n"}.items():
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        mode = 0o777 & ~_umask()
        stage.chmod(mode)
        if target.exists():
            old = target.with_name(f".{target.name}.{os.getpid()}.old")
            target.rename(old)
        stage.rename(target)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        if old is not None and not target.exists():
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
