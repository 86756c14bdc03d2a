"""Is ``-j`` automatic ever slower than ``-j 1``? Time both, idle and with busy CPUs.

Generates N incident records (``bench_validate.generate``, one file per record and as
monthly batches), then, with 0, 1, ... busy-loop processes of our own competing for the
CPUs, times in-process ``validate(cache=False)`` with automatic jobs, ``jobs=1`` and
``jobs=2``, and prints the number of workers the automatic choice took. Target (issue
18): automatic <= 1.0x ``jobs=1`` in every row (within the noise of a shared machine).

Usage::

    python benchmarks/bench_jobs.py                     # 10k files and batches, 0-2 busy
    python benchmarks/bench_jobs.py -n 20000 --busy 0 --busy 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_validate import best, generate, raw_parse_no_gc

BURN = "while True:\n    pass\n"


def validate(root: Path, jobs: int | None) -> None:
    from itsmkit.validator import validate as run

    run(root, today=dt.date(2030, 1, 1), jobs=jobs, cache=False)


def chosen(root: Path) -> int:
    from itsmkit.repo.files import find_files
    from itsmkit.repo.pool import choose_jobs

    return choose_jobs(root, find_files(root).files, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="records")
    parser.add_argument("--busy", type=int, action="append", help="busy processes (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (median)")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, N = {args.n:,}")
    print(f"| {'layout':<8} | {'busy':>4} | {'auto':>6} | {'-j 1':>6} | {'-j 2':>6} |", end="")
    print(f" {'workers':>7} | {'auto / -j 1':>11} |")
    print("|----------|-----:|-------:|-------:|-------:|--------:|------------:|")
    for batched in (False, True):
        with tempfile.TemporaryDirectory(prefix="itsmkit-bench-") as tmp:
            root = Path(tmp)
            files = generate(root, args.n, batched=batched)
            raw_parse_no_gc(files)
            validate(root, 1)
            for busy in args.busy or [0, 1, 2]:
                burners = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(busy)]
                try:
                    time.sleep(0.5)
                    workers = chosen(root)
                    auto = best(lambda: validate(root, None), args.repeat)  # noqa: B023
                    one = best(lambda: validate(root, 1), args.repeat)  # noqa: B023
                    two = best(lambda: validate(root, 2), args.repeat)  # noqa: B023
                finally:
                    for proc in burners:
                        proc.kill()
                        proc.wait()
                layout = "batches" if batched else "files"
                print(
                    f"| {layout:<8} | {busy:>4} | {auto:>6.2f} | {one:>6.2f} | {two:>6.2f} |"
                    f" {workers:>7} | {auto / one:>10.2f}x |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
