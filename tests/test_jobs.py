"""The automatic number of workers: none for little work or busy CPUs, never more than free."""

from __future__ import annotations

from pathlib import Path

import pytest

from itsmkit.repo import pool


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Pretend to run on ``cpus`` CPUs of which ``busy`` are taken by others."""

    def set_to(cpus: int, busy: float) -> None:
        monkeypatch.setattr(pool, "available_cpus", lambda: cpus)
        monkeypatch.setattr(pool, "busy_cpus", lambda: busy)

    return set_to


def names(n: int) -> list[str]:
    return [f"f{i}.yaml" for i in range(n)]


def test_little_work_stays_in_one_process(machine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    machine(8, 0.0)
    assert pool.choose_jobs(tmp_path, names(pool.PARALLEL_FROM - 1), None) == 1


def test_workers_follow_the_free_cpus(machine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = names(20_000)
    machine(2, 0.0)
    assert pool.choose_jobs(tmp_path, files, None) == 2
    machine(2, 0.5)  # one and a half free: one worker would only slow the parent down
    assert pool.choose_jobs(tmp_path, files, None) == 1
    machine(8, 3.0)
    assert pool.choose_jobs(tmp_path, files, None) == pool.MAX_AUTO_JOBS
    machine(8, 5.5)
    assert pool.choose_jobs(tmp_path, files, None) == 2


def test_each_worker_gets_enough_files(machine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    machine(8, 0.0)
    assert pool.choose_jobs(tmp_path, names(2 * pool.FILES_PER_WORKER + 10), None) == 2


def test_an_explicit_number_is_obeyed(machine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    machine(2, 2.0)
    assert pool.choose_jobs(tmp_path, names(10), 3) == 3
    assert pool.choose_jobs(tmp_path, names(2), 8) == 2


def test_the_busy_reading_is_a_share_of_our_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 64)
    monkeypatch.setattr(pool, "available_cpus", lambda: 4)  # a container's cpuset
    # 17 running, ourselves included: 16 others over 64 CPUs, a quarter of our 4 each.
    assert pool.busy_cpus("30.1 28.0 25.3 17/900 4242\n") == 1.0
    assert pool.busy_cpus("0.00 0.00 0.00 1/90 4242\n") == 0.0
