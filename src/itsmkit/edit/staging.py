"""Write several files all or nothing, as far as one file system allows.

Every new content is first written in full to a temporary file beside its target; only
when all are written are they renamed into place, so a full disk or a bad path leaves
every target as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_all(contents: dict[Path, bytes]) -> None:
    """Replace each path's content; if any write fails, none of the targets changes."""
    staged: list[tuple[Path, Path]] = []  # (temporary file, target)
    try:
        for path, data in contents.items():
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((Path(name), path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if path.exists():
                Path(name).chmod(path.stat().st_mode & 0o777)
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        raise
    for temporary, target in staged:
        temporary.replace(target)
