"""Time transactional writes against plain and atomic writes of the same files.

Usage: python benchmarks/bench_writes.py [-n FILES] [--size BYTES] [--runs RUNS]

Writes FILES files of BYTES bytes into a fresh temporary folder three ways, in the same
run: ``Path.write_bytes`` (the baseline: neither atomic nor durable), one
``atomic_write_bytes`` per file, and one ``write_all`` transaction (staged, fsynced,
journalled, moved). Prints the median times and their ratios to the baseline; exits 1
when the transaction costs more than 3x the per-file atomic writes.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from itsmkit.fsutil import atomic_write_bytes
from itsmkit.transaction import write_all


def _plain(root: Path, files: dict[Path, bytes]) -> None:
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _atomic(root: Path, files: dict[Path, bytes]) -> None:
    for path, data in files.items():
        atomic_write_bytes(path, data)


def _transaction(root: Path, files: dict[Path, bytes]) -> None:
    write_all(root, files, command="bench")


def _measure(
    how: Callable[[Path, dict[Path, bytes]], None], count: int, size: int, runs: int
) -> float:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="itsmkit-bench-") as tmp:
            root = Path(tmp)
            files = {
                root / f"d{i % 10}" / f"f{i}.md": bytes([i % 256]) * size for i in range(count)
            }
            start = time.perf_counter()
            how(root, files)
            times.append(time.perf_counter() - start)
            shutil.rmtree(root, ignore_errors=True)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--files", type=int, default=150)
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    plain = _measure(_plain, args.files, args.size, args.runs)
    atomic = _measure(_atomic, args.files, args.size, args.runs)
    txn = _measure(_transaction, args.files, args.size, args.runs)
    print(f"{args.files} files of {args.size} bytes, median of {args.runs} runs")
    print(f"  plain write_bytes  {plain * 1000:8.1f} ms  1.00x")
    print(f"  atomic, per file   {atomic * 1000:8.1f} ms  {atomic / plain:.2f}x")
    print(f"  write_all          {txn * 1000:8.1f} ms  {txn / plain:.2f}x")
    return 0 if txn <= 3 * atomic else 1


if __name__ == "__main__":
    sys.exit(main())
