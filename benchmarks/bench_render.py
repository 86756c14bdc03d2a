"""Time rendering: one SLA to Word (warm) against a cold validate, and ``render all``.

Usage: python benchmarks/bench_render.py [-n RUNS] [--repo PATH] [--sla ID] [--no-all]

Each measure runs RUNS times in fresh subprocesses of the ``itsmkit`` CLI (what a user
waits for: start-up, loading, validation, rendering, writing), the measures taking
turns so that the load of a shared machine falls on all of them alike:

  validate-cold  ``validate --no-cache``: the baseline, measured in the same run;
  sla-docx       ``render sla ID -f docx`` with warm caches (one run before fills them);
  render-all     ``render all`` in both languages, Markdown and Word, warm.

The repository is copied to a temporary folder first (the caches are written there,
never into the checkout). Prints medians and best wall times, median CPU times (user + system, which a busy
machine disturbs less), and exits 1 when a wall-time target is
missed: sla-docx <= 0.5x validate-cold (issue 18) and <= 1 s; render-all <= 10 s.

Measured (2026-12-02, 2 cores, load 1.3-1.4, -n 5): sla-docx 0.31-0.32 s, 0.49x a cold
validate in wall time and 0.48x in CPU time (target met, narrowly; it was 0.68x the same
morning: the console script now builds only the command it runs, models are built from
real annotations, the code's digest and the settings are remembered, and Word is written
as WordprocessingML directly); render-all 1.17 s (was 4.25 s). What is left is mostly
imports: typer and pydantic (~90 ms with importlib.metadata, which pydantic's plugin
loader imports as soon as typer builds a parameter adapter), the model classes (~30 ms)
and Jinja (~15 ms).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "alpes-hebergement"
SLA_RATIO = 0.5
SLA_SECONDS = 1.0
ALL_SECONDS = 10.0


def _itsmkit() -> list[str]:
    script = Path(sys.executable).with_name("itsmkit")
    if script.exists():
        return [str(script)]
    found = shutil.which("itsmkit")
    return [found] if found else [sys.executable, "-m", "itsmkit"]


def _first_sla(repo: Path) -> str:
    from itsmkit.repo.loader import load_repository

    ids = sorted(i.artefact.id for i in load_repository(repo, cache=False).by_kind("sla"))
    if not ids:
        raise SystemExit(f"no SLA in {repo}")
    return ids[0]


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run."""
    with tempfile.TemporaryDirectory() as out:
        full = [*args, "-o", out] if args[1] == "render" else args
        cpu = _cpu()
        started = time.perf_counter()
        done = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - started
        cpu = _cpu() - cpu
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(full)} failed ({done.returncode}): {done.stderr}")
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, default=EXAMPLE)
    parser.add_argument("--sla", default=None, help="SLA id (default: the first one)")
    parser.add_argument("--no-all", action="store_true", help="skip render all")
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(ns.repo, repo, ignore=shutil.ignore_patterns(".itsmkit", "build"))
        time.sleep(3.5)  # files younger than the racy window are never trusted by a cache
        sla = ns.sla or _first_sla(repo)
        exe = _itsmkit()
        measures = {
            "validate-cold": [*exe, "validate", "--no-cache", "-C", str(repo)],
            "sla-docx": [*exe, "render", "sla", sla, "-f", "docx", "-l", "fr", "-C", str(repo)],
        }
        if not ns.no_all:
            measures["render-all"] = [
                *exe, "render", "all", "-l", "fr", "-l", "en", "-C", str(repo),
            ]  # fmt: skip
        for args in measures.values():
            if args[1] == "render":
                _run(args)  # fills the caches
                _run(args)
        times: dict[str, list[float]] = {name: [] for name in measures}
        cpus: dict[str, list[float]] = {name: [] for name in measures}
        for _ in range(ns.runs):
            for name, args in measures.items():
                wall, cpu = _run(args)
                times[name].append(wall)
                cpus[name].append(cpu)
    med = {name: statistics.median(t) for name, t in times.items()}
    cpu_med = {name: statistics.median(t) for name, t in cpus.items()}
    for name, t in times.items():
        print(
            f"{name:<13} median {med[name]:6.2f} s  best {min(t):6.2f} s  "
            f"cpu median {cpu_med[name]:6.2f} s"
        )
    ratio = med["sla-docx"] / med["validate-cold"]
    cpu_ratio = cpu_med["sla-docx"] / cpu_med["validate-cold"]
    print(
        f"sla-docx / validate-cold in CPU time (less sensitive to a busy machine): {cpu_ratio:.2f}x"
    )
    checks = [
        (f"sla-docx / validate-cold = {ratio:.2f}x (target <= {SLA_RATIO}x)", ratio <= SLA_RATIO),
        (f"sla-docx {med['sla-docx']:.2f} s (target <= {SLA_SECONDS} s)", med["sla-docx"] <= 1),
    ]
    if "render-all" in med:
        checks.append(
            (
                f"render-all {med['render-all']:.2f} s (target <= {ALL_SECONDS} s)",
                med["render-all"] <= ALL_SECONDS,
            )
        )
    for text, ok in checks:
        print(f"{text:<50} {'ok' if ok else 'MISSED'}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
