"""One-pass git history and checkout as of a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import git

from itsmkit.errors import UsageError
from itsmkit.repo.history import checkout_as_of, read_history


def _commit(root: Path, files: dict[str, str], when: str, message: str) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=when)


@pytest.fixture
def versioned(tmp_path: Path) -> Path:
    outer = tmp_path / "outer"
    root = outer / "company"
    root.mkdir(parents=True)
    git(outer, "init", "-q", "-b", "main")
    _commit(root, {"a.yaml": "v: 1\n", "../elsewhere.txt": "x\n"}, "2026-01-10T10:00:00Z", "one")
    _commit(root, {"b.yaml": "v: 1\n"}, "2026-03-01T10:00:00Z", "two")
    _commit(root, {"a.yaml": "v: 2\n"}, "2026-04-01T10:00:00Z", "three")
    return root


def test_one_pass_gives_first_and_last_commit_per_file(versioned: Path) -> None:
    history = read_history(versioned)
    assert history.available and history.commits == 3
    assert set(history.files) == {"a.yaml", "b.yaml"}  # relative to the company folder
    a = history.files["a.yaml"]
    assert (a.first.date(), a.last.date(), a.commits) == (
        dt.date(2026, 1, 10),
        dt.date(2026, 4, 1),
        2,
    )
    assert history.first_committed("b.yaml") == dt.datetime(2026, 3, 1, 10, tzinfo=dt.timezone.utc)
    assert history.first_committed("missing.yaml") is None


def test_history_until_a_revision(versioned: Path) -> None:
    rev = git(versioned, "rev-list", "-1", "--before=2026-02-01", "HEAD").strip()
    history = read_history(versioned, until=rev)
    assert set(history.files) == {"a.yaml"}
    assert history.files["a.yaml"].commits == 1


def test_not_a_git_repository(tmp_path: Path) -> None:
    history = read_history(tmp_path)
    assert not history.available
    assert history.reason == "the folder is not in a git repository"


def test_repository_without_commits(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    history = read_history(tmp_path)
    assert (history.available, history.reason) == (False, "the git repository has no commits yet")


def test_checkout_as_of_extracts_the_old_state(versioned: Path, tmp_path: Path) -> None:
    target = tmp_path / "then"
    checkout_as_of(versioned, dt.date(2026, 2, 15), target)
    assert sorted(p.name for p in target.iterdir()) == ["a.yaml"]
    assert (target / "a.yaml").read_text(encoding="utf-8") == "v: 1\n"


def test_checkout_before_the_first_commit_is_a_usage_error(versioned: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="nothing was committed on or before 2025-12-31"):
        checkout_as_of(versioned, dt.date(2025, 12, 31), tmp_path / "x")
