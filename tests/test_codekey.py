"""The code's digest is remembered against the files' stats, and never trusted stale."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import itsmkit
from itsmkit.repo import codekey

PACKAGE = Path(itsmkit.__file__).parent


def _package(tmp_path: Path) -> Path:
    """A small package tree, its files old enough to be trusted."""
    base = tmp_path / "pkg"
    (base / "sub" / "__pycache__").mkdir(parents=True)
    (base / "data" / "catalogs").mkdir(parents=True)
    (base / "__init__.py").write_text("VERSION = 1\n")
    (base / "sub" / "mod.py").write_text("x = 1\n")
    (base / "sub" / "__pycache__" / "mod.cpython.pyc").write_bytes(b"ignored")
    (base / "data" / "catalogs" / "iso.yaml").write_text("a: 1\n")
    (base / "notes.yaml").write_text("outside data: not code\n")
    _age(base)
    return base


def _age(base: Path, seconds: int = 60) -> None:
    old = time.time() - seconds
    for path in base.rglob("*"):
        os.utime(path, (old, old))


def _fresh(base: Path, memo: Path) -> bytes:
    codekey._known.clear()
    return codekey.code_digest(str(base), memo=memo)


def test_the_remembered_digest_is_the_hashed_one(tmp_path: Path) -> None:
    base, memo = _package(tmp_path), tmp_path / "memo"
    first = _fresh(base, memo)
    assert len(list(memo.iterdir())) == 1
    files = codekey._sources(str(base))
    assert first == codekey._content(str(base), files)
    assert [rel for rel, _ in files] == ["__init__.py", "data/catalogs/iso.yaml", "sub/mod.py"]
    # A second process finds it without hashing anything.
    (memo / next(memo.iterdir()).name).write_bytes(b"r" * 20)
    assert _fresh(base, memo) == b"r" * 20


def test_an_edit_is_never_hidden_by_the_memo(tmp_path: Path) -> None:
    base, memo = _package(tmp_path), tmp_path / "memo"
    before = _fresh(base, memo)
    mod = base / "sub" / "mod.py"
    st = mod.stat()
    mod.write_text("x = 2\n")  # same size; its modification time put back
    os.utime(mod, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = _fresh(base, memo)
    assert after != before  # the change time and the bytes tell
    assert after == codekey._content(str(base), codekey._sources(str(base)))


def test_a_new_file_and_a_library_upgrade_change_the_digest(tmp_path: Path) -> None:
    base, memo = _package(tmp_path), tmp_path / "memo"
    before = _fresh(base, memo)
    (base / "sub" / "new.py").write_text("y = 1\n")
    _age(base)
    assert _fresh(base, memo) != before
    files = codekey._sources(str(base))
    signature = codekey._signature(str(base), files)
    assert signature != codekey._signature(str(base), files[:-1])


def test_recent_files_are_hashed_every_time(tmp_path: Path) -> None:
    base, memo = _package(tmp_path), tmp_path / "memo"
    (base / "sub" / "mod.py").write_text("x = 3\n")  # just now: racy
    _fresh(base, memo)
    assert not memo.exists() or not list(memo.iterdir())


@pytest.mark.parametrize("damage", [b"", b"short", b"x" * 21])
def test_a_damaged_memo_is_a_miss(tmp_path: Path, damage: bytes) -> None:
    base, memo = _package(tmp_path), tmp_path / "memo"
    right = _fresh(base, memo)
    entry = next(memo.iterdir())
    entry.write_bytes(damage)
    assert _fresh(base, memo) == right


def test_no_memo_folder_still_gives_the_digest(tmp_path: Path) -> None:
    base = _package(tmp_path)
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    right = codekey._content(str(base), codekey._sources(str(base)))
    assert _fresh(base, blocked / "memo") == right


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    base, memo = _package(tmp_path), tmp_path / "memo"
    memo.mkdir()
    for n in range(codekey.KEEP + 5):
        (memo / f"{n:040x}").write_bytes(b"o" * 20)
    _fresh(base, memo)
    assert len(list(memo.iterdir())) == codekey.KEEP


def test_the_installed_package_digest_covers_its_data(tmp_path: Path) -> None:
    copy = tmp_path / "itsmkit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    _age(copy)
    memo = tmp_path / "memo"
    before = _fresh(copy, memo)
    rels = [rel for rel, _ in codekey._sources(str(copy))]
    assert "repo/codekey.py" in rels
    assert any(rel.startswith("data/") and rel.endswith(".yaml") for rel in rels)
    catalog = next(copy.glob("data/**/*.yaml"))
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _fresh(copy, memo) != before
