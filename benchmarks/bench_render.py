"""Time rendering: one SLA to Word, and ``render all`` on the example company.

Usage: python benchmarks/bench_render.py [-n RUNS] [--repo PATH] [--sla ID]

Each measure runs RUNS times in fresh subprocesses of the ``itsmkit`` CLI (what a user
waits for: start-up, loading, validation, rendering, writing) into a temporary folder.
Prints the median and best wall times, and exits 1 when a median exceeds its target
(1 s for one SLA to DOCX, 10 s for ``render all`` in both languages).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "alpes-hebergement"
TARGETS = {"sla-docx": 1.0, "render-all": 10.0}


def _itsmkit() -> list[str]:
    script = Path(sys.executable).with_name("itsmkit")
    if script.exists():
        return [str(script)]
    found = shutil.which("itsmkit")
    return [found] if found else [sys.executable, "-m", "itsmkit"]


def _first_sla(repo: Path) -> str:
    from itsmkit.repo.loader import load_repository

    ids = sorted(i.artefact.id for i in load_repository(repo).by_kind("sla"))
    if not ids:
        raise SystemExit(f"no SLA in {repo}")
    return ids[0]


def _time(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            subprocess.run([*args, "-o", out], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, default=EXAMPLE)
    parser.add_argument("--sla", default=None, help="SLA id (default: the first one)")
    ns = parser.parse_args()
    sla = ns.sla or _first_sla(ns.repo)
    base = [*_itsmkit(), "render"]
    measures = {
        "sla-docx": [*base, "sla", sla, "--format", "docx", "--lang", "fr", "-C", str(ns.repo)],
        "render-all": [*base, "all", "--lang", "fr", "--lang", "en", "-C", str(ns.repo)],
    }
    failed = False
    for name, args in measures.items():
        times = _time(args, ns.runs)
        median = statistics.median(times)
        ok = median <= TARGETS[name]
        failed |= not ok
        print(
            f"{name:<11} median {median:6.2f} s  best {min(times):6.2f} s  "
            f"target {TARGETS[name]:4.1f} s  {'ok' if ok else 'OVER'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
