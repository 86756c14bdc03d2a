"""Property-based tests of what issue 12 added: durations, file names, transactions, reads.

Hostile input never raises anything but the library's own errors: any duration text is a
duration or a ``ValueError`` (a validation issue), any file name is walked or reported,
any set of files written by :func:`write_all` reads back byte for byte, and a folder walk
never returns a name that cannot be printed. ``ITSMKIT_FUZZ_SCALE`` raises the counts
(``scripts/fuzz.sh``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itsmkit.model.types import parse_duration
from itsmkit.repo.files import find_files
from itsmkit.transaction import pending, write_all

SCALE = max(1, int(os.environ.get("ITSMKIT_FUZZ_SCALE", "1") or 1))
FAST = settings(deadline=None, max_examples=200 * SCALE, database=None)
FILES = settings(
    deadline=None,
    max_examples=40 * SCALE,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

NUMBER = st.integers(min_value=0, max_value=10**30).map(str) | st.floats(
    min_value=0, allow_nan=False, allow_infinity=True
).map(repr)
UNIT = st.sampled_from(["d", "h", "min", "m", "s", "D", "H", "M", "S", ""])
DURATION_TEXT = (
    st.lists(st.tuples(NUMBER, UNIT).map("".join), min_size=1, max_size=4).map(" ".join)
    | st.builds(lambda d, h: f"P{d}DT{h}H", NUMBER, NUMBER)
    | st.text(max_size=30)
)


@FAST
@given(DURATION_TEXT)
def test_duration_is_a_timedelta_or_a_value_error(text: str) -> None:
    try:
        value = parse_duration(text)
    except ValueError:
        return
    assert isinstance(value, dt.timedelta)


NAME_BYTES = st.binary(min_size=1, max_size=12).filter(
    lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")
)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    return tmp_path


def _fresh(scratch: Path) -> Path:
    root = scratch / "t"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    return root


@FILES
@given(st.lists(st.tuples(NAME_BYTES, st.booleans()), max_size=6))
def test_walk_never_returns_an_unprintable_name(
    scratch: Path, names: list[tuple[bytes, bool]]
) -> None:
    root = _fresh(scratch)
    for raw, as_fifo in names:
        path = root / os.fsdecode(raw + b".yaml")  # undecodable bytes as surrogates
        if path.is_symlink() or path.exists():
            continue
        if as_fifo:
            os.mkfifo(path)
        else:
            path.write_bytes(b"kind: person\n")
    found = find_files(root)
    for rel in found.files:
        rel.encode("utf-8")  # never a lone surrogate
        assert (root / rel).is_file()
    for issue in found.issues:
        assert issue.file is not None
        issue.file.encode("utf-8")


NO_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
REL = st.lists(
    st.text(
        alphabet=st.characters(blacklist_categories=NO_SURROGATES, blacklist_characters="/\x00"),
        min_size=1,
        max_size=8,
    ).filter(lambda t: t not in (".", "..") and not t.startswith(".itsmkit-txn-")),
    min_size=1,
    max_size=3,
).map("/".join)


@FILES
@given(st.dictionaries(REL, st.binary(max_size=64), min_size=1, max_size=5))
def test_write_all_reads_back_exactly(scratch: Path, files: dict[str, bytes]) -> None:
    root = _fresh(scratch)
    paths = {root / rel: data for rel, data in files.items()}
    names = list(paths)
    # A name that is a folder of another cannot be a file too: skip such draws.
    if any(a != b and b.is_relative_to(a) for a in names for b in names):
        return
    write_all(root, paths, command="fuzz")
    for path, data in paths.items():
        assert path.read_bytes() == data
    assert pending(root) == []
