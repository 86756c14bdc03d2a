"""Time ``itsmkit --help`` against bare Python and ``import typer``, in one run.

Usage: python benchmarks/bench_startup.py [-n RUNS] [--budget MS]

Each command runs RUNS times in a fresh subprocess, alternating commands so that a busy
machine slows them all alike. Prints the median wall time of each and the ratios, and
exits 1 when ``itsmkit --help`` has a median over the budget (default 250 ms).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _itsmkit_command() -> list[str]:
    # The console script next to this interpreter, as a user runs it; else ``-m itsmkit``.
    script = Path(sys.executable).with_name("itsmkit")
    if script.exists():
        return [str(script), "--help"]
    found = shutil.which("itsmkit")
    return [found, "--help"] if found else [sys.executable, "-m", "itsmkit", "--help"]


COMMANDS: dict[str, list[str]] = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import typer'": [sys.executable, "-c", "import typer"],
    "itsmkit --help": _itsmkit_command(),
}


# Installed packages carry compiled bytecode; let warm-up runs write it as users' would.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run_once(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=_ENV)
    return time.perf_counter() - started


def measure(runs: int, warmup: int = 2) -> dict[str, list[float]]:
    """Wall times in seconds, per command, interleaved."""
    for argv in COMMANDS.values():
        for _ in range(warmup):
            _run_once(argv)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            times[name].append(_run_once(argv))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=20, help="Runs per command.")
    parser.add_argument(
        "--budget", type=float, default=250.0, help="Budget in ms for itsmkit --help."
    )
    args = parser.parse_args()
    times = measure(args.runs)
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    base = medians["python -c pass"]
    typer_ms = medians["python -c 'import typer'"]
    print(f"{'command':<28} {'median ms':>10} {'min ms':>8} {'x pass':>7} {'x typer':>8}")
    for name, t in times.items():
        med, low = medians[name], min(t) * 1000
        print(f"{name:<28} {med:>10.1f} {low:>8.1f} {med / base:>7.2f} {med / typer_ms:>8.2f}")
    ours = medians["itsmkit --help"]
    verdict = "within" if ours <= args.budget else "OVER"
    print(f"itsmkit --help: {ours:.1f} ms median, {verdict} the {args.budget:.0f} ms budget")
    return 0 if ours <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
