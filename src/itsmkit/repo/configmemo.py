"""What reading ``itsmkit.yaml`` gave last time, so that a warm run parses no YAML at all.

Every command reads the settings first; on a run where every other file comes from the
cache, parsing them was the one reason left to import the YAML reader (~10 ms). The
memo holds the parsed settings and the issues of reading them, for the digest of the
file's bytes, sealed with the code's digest like every cache file
(:mod:`itsmkit.repo.cache`); a memo of other bytes, other code, or damaged, is a miss.
Validating the settings against the configuration model is done every time: it is
cheap, and its issues then come from the model as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from itsmkit.issues import Issue

MEMO_FILE = "config.pack"
_MAGIC = b"itsmkit-config\n"
_FORMAT = 1


def _path(root: Path) -> Path:
    from itsmkit.repo.cache import folder

    return folder(root) / MEMO_FILE


def recall(root: Path, raw: bytes) -> tuple[Any, list[Issue]] | None:
    """The settings and issues remembered for ``raw``, or None."""
    from itsmkit.repo.cache import digest_of, safe_loads, unseal
    from itsmkit.repo.codekey import code_digest

    try:
        blob = _path(root).read_bytes()
    except OSError:
        return None
    payload = unseal(blob, _MAGIC, _FORMAT, code_digest())
    if payload is None:
        return None
    try:
        digest, data, issues = safe_loads(payload)
    except Exception:  # damaged or foreign: read the file again
        return None
    if digest != digest_of(raw) or not isinstance(issues, list):
        return None
    if not all(isinstance(i, Issue) for i in issues):
        return None
    return data, issues


def remember(root: Path, raw: bytes, data: Any, issues: list[Issue]) -> None:
    """Keep what reading ``raw`` gave (silently nothing when the folder is not writable)."""
    import pickle

    from itsmkit.repo.cache import digest_of, seal, write_file
    from itsmkit.repo.codekey import code_digest

    try:
        payload = pickle.dumps((digest_of(raw), data, issues), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value pickle cannot hold: nothing remembered
        return
    write_file(_path(root), seal(_MAGIC, _FORMAT, code_digest(), payload))
