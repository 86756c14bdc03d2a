"""Shared test helpers: build repositories on disk, run the CLI, isolate git."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "examples" / "alpes-hebergement"

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}

CONFIG = """\
organisation: Acme
language: en
scope: Hosting services for small businesses.
"""

PERSON = """\
kind: person
id: P-ALICE
schema_version: 1
name: Alice Martin
"""


def build_file_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path → text or bytes) under ``root``; text is dedented."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def make_repo(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build a minimal valid company repository plus the given files."""

    def make(files: dict[str, str | bytes] | None = None, *, config: str = CONFIG) -> Path:
        root = tmp_path / "repo"
        root.mkdir(exist_ok=True)
        tree: dict[str, str | bytes] = {"itsmkit.yaml": config, "people/alice.yaml": PERSON}
        tree.update(files or {})
        return build_file_tree(root, tree)

    return make


def git(root: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``root`` with an isolated configuration."""
    env = {**os.environ, **GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.fixture
def git_repo(make_repo):  # type: ignore[no-untyped-def]
    """A company repository that is also a git repository with one commit."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def make(files: dict[str, str | bytes] | None = None) -> Path:
        root = make_repo(files)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "initial")
        return root

    return make


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m itsmkit`` as a real subprocess."""
    env = {**os.environ, **GIT_ENV, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "itsmkit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def example_copy(tmp_path: Path) -> Iterator[Path]:
    """A private copy of the example company, safe to break."""
    if not EXAMPLE.is_dir():
        pytest.fail(f"the example company is missing: {EXAMPLE}")
    target = tmp_path / "example"
    # Without the caches a command run in the checkout may have left (git ignores them).
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns(".itsmkit"))
    yield target
