"""What reading ``itsmkit.yaml`` gave last time, so that a warm run parses no YAML at all.

Every command reads the settings first; on a run where every other file comes from the
cache, parsing them was the one reason left to import the YAML reader (~10 ms), and
validating them the one reason to build the configuration model's validator (pydantic
builds it on first use: ~25 ms). The memo holds the validated settings (or None) and
the issues of reading and validating them, for the digest of the file's bytes, sealed
with the code's digest like every cache file (:mod:`itsmkit.repo.cache`); a memo of
other bytes, other code, or damaged, is a miss. The one input besides the bytes and the
code is the time zone database (``time_zone`` must name a known zone); a zone removed
from it would be noticed once the file or itsmkit changes.
"""

from __future__ import annotations

from pathlib import Path

from itsmkit.config import Config
from itsmkit.issues import Issue

MEMO_FILE = "config.pack"
_MAGIC = b"itsmkit-config\n"
_FORMAT = 1


def _path(root: Path) -> Path:
    from itsmkit.repo.cache import folder

    return folder(root) / MEMO_FILE


def recall(root: Path, raw: bytes) -> tuple[Config | None, list[Issue]] | None:
    """The settings and issues remembered for ``raw``, or None."""
    from itsmkit.repo.cache import digest_of, read_file, safe_loads
    from itsmkit.repo.codekey import code_digest

    payload = read_file(_path(root), _MAGIC, _FORMAT, code_digest())
    if payload is None:
        return None
    try:
        digest, config, issues = safe_loads(payload)
    except Exception:  # damaged or foreign: read the file again
        return None
    if digest != digest_of(raw) or not isinstance(issues, list):
        return None
    if not all(isinstance(i, Issue) for i in issues):
        return None
    if config is not None and not isinstance(config, Config):
        return None
    return config, issues


def remember(root: Path, raw: bytes, config: Config | None, issues: list[Issue]) -> None:
    """Keep what reading ``raw`` gave (silently nothing when the folder is not writable)."""
    import pickle

    from itsmkit.repo.cache import digest_of, seal, write_file
    from itsmkit.repo.codekey import code_digest

    try:
        payload = pickle.dumps((digest_of(raw), config, issues), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a value pickle cannot hold: nothing remembered
        return
    write_file(_path(root), seal(_MAGIC, _FORMAT, code_digest(), payload))
