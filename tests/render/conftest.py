"""Fixtures of the render tests: a copy of the fixture company in a temporary folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "render" / "company"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "render"
UPDATE_GOLDEN = os.environ.get("ITSMKIT_UPDATE_GOLDEN") == "1"
TODAY = "2026-06-01"


@pytest.fixture
def company(tmp_path: Path) -> Path:
    """A writable copy of the fixture company repository."""
    target = tmp_path / "company"
    shutil.copytree(FIXTURE, target)
    return target
