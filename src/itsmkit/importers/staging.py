"""Write several files all or none: stage them beside the repository, then move them in.

A small local helper; the transaction helper of ``itsmkit.fsutil`` (issue 12) can replace it.
Files are staged in a temporary folder inside the repository (so on the same file system,
where a rename is atomic), then renamed into place one by one; a failure while staging
leaves the repository untouched, and the staging folder is always removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_all(root: Path, files: dict[Path, str]) -> None:
    """Write every ``path → text`` (paths under ``root``), all or none."""
    if not files:
        return
    stage = Path(tempfile.mkdtemp(prefix=".itsmkit-import-", dir=root))
    try:
        staged: list[tuple[Path, Path]] = []
        for index, (path, text) in enumerate(sorted(files.items())):
            tmp = stage / f"{index}.yaml"
            with tmp.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            if path.exists():
                tmp.chmod(path.stat().st_mode & 0o777)
            staged.append((tmp, path))
        for _, path in staged:
            path.parent.mkdir(parents=True, exist_ok=True)
        for tmp, path in staged:
            tmp.replace(path)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
