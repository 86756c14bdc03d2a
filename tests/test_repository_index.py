"""Artefacts by kind come from an index built once, and equal what a scan gives."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from itsmkit.repo.loader import Loaded, Repository, load_repository


def _scan(repo: Repository, kinds: list[str]) -> list[Loaded]:
    return [a for a in repo.artefacts if a.artefact.kind in kinds]


def test_by_kind_equals_a_scan_and_follows_changes(example_copy: Path) -> None:
    repo = load_repository(example_copy, cache=False)
    kinds = sorted({a.artefact.kind for a in repo.artefacts})
    assert len(kinds) > 10
    for kind in kinds:
        assert list(repo.by_kind(kind)) == _scan(repo, [kind])
    assert repo.of_kinds(["incident", "sla", "incident"]) == _scan(repo, ["incident", "sla"])
    assert list(repo.by_kind("no-such-kind")) == []
    # Added after the index was built: seen.
    extra = next(repo.by_kind("sla"))
    repo.artefacts.append(extra)
    assert list(repo.by_kind("sla"))[-1] is extra
    # The list replaced: indexed again.
    repo.artefacts = [a for a in repo.artefacts if a.artefact.kind != "sla"]
    assert list(repo.by_kind("sla")) == []
    assert list(repo.by_kind("incident")) == _scan(repo, ["incident"])


@settings(max_examples=60, deadline=None)
@given(
    order=st.lists(st.integers(min_value=0, max_value=40), max_size=60),
    wanted=st.lists(st.sampled_from(["sla", "incident", "service", "customer"]), max_size=4),
)
def test_of_kinds_keeps_load_order(order: list[int], wanted: list[str]) -> None:
    base = _example()
    picked = [base.artefacts[n % len(base.artefacts)] for n in order]
    repo = Repository(root=base.root, config=base.config, artefacts=picked)
    assert repo.of_kinds(wanted) == _scan(repo, wanted)


@cache
def _example() -> Repository:
    from tests.conftest import EXAMPLE

    return load_repository(EXAMPLE, cache=False)  # read only: never changed here
