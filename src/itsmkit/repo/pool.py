"""Read and parse many files quickly: worker processes for large trees, no GC churn.

Parsing YAML dominates validation and holds the GIL, so large trees are split across
processes. Workers only read and parse, returning plain data (a list of dicts pickles and
unpickles in about 40 % of the time validated pydantic models take); the parent
validates each file as results arrive, in the files' order, so issues never depend on
scheduling.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from itsmkit.config import Limits
from itsmkit.repo.loader import Parsed, parse_path

PARALLEL_FROM = 2000
"""Below this many files one process is faster: starting workers costs more than it saves."""

PARALLEL_FROM_BYTES = 2_000_000
"""...unless the files are large (batch files): this many bytes in all is worth workers."""

MAX_AUTO_JOBS = 4
"""Workers chosen automatically at most; the parent validates, so more rarely pays."""


def available_cpus() -> int:
    """CPUs this process may run on (the affinity mask when the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _start_method() -> str:
    # fork reuses the parent's imported models at no cost; elsewhere fork is unsafe
    # (macOS) or missing (Windows) and workers pay the imports again.
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _total_bytes(root: Path, files: list[str], enough: int) -> int:
    total = 0
    for rel in files:
        try:
            total += (root / rel).stat().st_size
        except OSError:
            continue
        if total >= enough:
            break
    return total


FILES_PER_WORKER = 1000
"""Each automatic worker gets at least this much work, or its start and results cost more."""


def busy_cpus(loadavg: str | None = None) -> float:
    """CPUs other processes keep busy right now, as a share of the ones we may use.

    Linux: the running count of ``/proc/loadavg`` (an instant reading, minus ourselves;
    the load average lags a minute behind and counts our own earlier runs). It is
    machine-wide, so it is scaled to our affinity mask (a container's cpuset).
    Elsewhere: the one-minute load average, likewise scaled. ``loadavg`` is that file's
    text, read when not given.
    """
    total = os.cpu_count() or 1
    ours = available_cpus()
    try:
        if loadavg is None:
            with open("/proc/loadavg", encoding="ascii") as handle:  # noqa: PTH123
                loadavg = handle.read()
        running = int(loadavg.split()[3].split("/")[0]) - 1
    except (OSError, ValueError, IndexError):
        try:
            running = round(os.getloadavg()[0])
        except (OSError, AttributeError):
            return 0.0
    return max(0, running) * ours / total


def choose_jobs(root: Path, files: list[str], jobs: int | None) -> int:
    """How many worker processes to use for ``files`` (1 means none).

    Automatic choice, so that it is never slower than one process: none for little work
    (starting workers and sending results back costs more than it saves), and no more
    workers than there are free CPUs (on a busy machine, workers only steal time from the
    parent, which validates what they parse), and each with enough files to pay.
    """
    import multiprocessing  # only here: 5 ms of start-up that small runs do not need

    if jobs is not None:
        return max(1, min(jobs, len(files)))
    if len(files) < 2 or multiprocessing.current_process().daemon:
        return 1
    scale = 1 if _start_method() == "fork" else 4  # spawned workers import everything again
    big = _total_bytes(root, files, PARALLEL_FROM_BYTES * scale) >= PARALLEL_FROM_BYTES * scale
    if len(files) < PARALLEL_FROM * scale and not big:
        return 1
    free = available_cpus() - busy_cpus()
    if free < 2:  # one worker beside a busy parent: the results' pickling eats the gain
        return 1
    by_work = len(files) // (FILES_PER_WORKER * scale) if not big else len(files)
    return max(1, min(int(free), MAX_AUTO_JOBS, by_work, len(files)))


def _worker_init() -> None:
    gc.disable()  # see gc_paused; a worker lives only for one load


def _parse_chunk(task: tuple[str, list[str], Limits, bool]) -> list[Parsed]:
    root, rels, limits, digest = task
    base = Path(root)
    return [parse_path(base, rel, limits, digest=digest) for rel in rels]


def parse_all(
    root: Path, files: list[str], limits: Limits, jobs: int | None = None, *, digest: bool = False
) -> Iterator[Parsed]:
    """Yield every file parsed, in the order of ``files`` (with its digest if ``digest``)."""
    if not files:  # a warm run: not even multiprocessing's import (~5 ms)
        return
    import multiprocessing

    workers = choose_jobs(root, files, jobs)
    if workers <= 1 or multiprocessing.current_process().daemon:
        for rel in files:
            yield parse_path(root, rel, limits, digest=digest)
        return
    # About eight chunks per worker keep all busy to the end and let the parent start
    # validating early; a few large batch files go one per task.
    size = max(1, min(256, len(files) // (workers * 8)))
    tasks = [(str(root), files[i : i + size], limits, digest) for i in range(0, len(files), size)]
    try:
        pool = multiprocessing.get_context(_start_method()).Pool(workers, _worker_init)
    except (OSError, ValueError):  # no semaphores or process limit reached: stay serial
        for rel in files:
            yield parse_path(root, rel, limits, digest=digest)
        return
    with pool:
        for chunk in pool.imap(_parse_chunk, tasks):
            yield from chunk
