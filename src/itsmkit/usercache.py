"""The user's cache folder: what is kept between runs outside any company repository.

``$XDG_CACHE_HOME/itsmkit/...``, else ``~/.cache/itsmkit/...``; None without a home.
Compiled templates (:mod:`itsmkit.render.bytecode`) and the remembered digest of the
code (:mod:`itsmkit.repo.codekey`) live there.
"""

from __future__ import annotations

import os
from pathlib import Path


def folder(*parts: str) -> Path | None:
    """``parts`` under the user's itsmkit cache folder, or None when there is none."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not base:
        home = os.environ.get("HOME") or ""
        if not home:
            return None
        base = os.path.join(home, ".cache")  # noqa: PTH118
    return Path(base, "itsmkit", *parts)
