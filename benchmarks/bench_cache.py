"""Time validation with the file cache against the raw libyaml parse, in the same run.

Generates N incident records, one file per record (``bench_validate.generate``), then
times in-process ``itsmkit.validator.report`` (what ``itsmkit validate`` runs: with the
cache, the incremental validator of ``itsmkit.incremental``):

  (a) raw parse: read bytes + ``yaml.load(..., CSafeLoader)``, GC paused (the ceiling);
  (b) no cache (``cache=False``): today's full run;
  (c) cold: the cache cleared, so every file is parsed and the cache written;
  (d) warm: nothing changed since the last run;
  (e) one file changed since the last run (a different file each time);
  (f) the full load alone, warm (every artefact from the file cache, as render and
      audit load the repository);
  (g) ``itsmkit validate --format json`` as a whole process, warm (start-up included).

and checks that (d) and (e) report exactly what a run without the cache reports.
Targets (issue 18): (d) <= 0.1x (a), (e) <= 0.15x (a), (c) <= 1.1x (a).

Usage::

    python benchmarks/bench_cache.py                 # 10k and 50k
    python benchmarks/bench_cache.py -n 10000 --repeat 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_validate import best, generate, raw_parse_no_gc

TODAY = dt.date(2030, 1, 1)


def validate(root: Path, *, cache: bool) -> list[object]:
    from itsmkit.validator import report

    return [i.to_dict() for i in report(root, today=TODAY, cache=cache).issues]


def process(root: Path) -> None:
    import subprocess

    cmd = [sys.executable, "-m", "itsmkit", "validate", str(root), "-f", "json"]
    subprocess.run([*cmd, "--today", TODAY.isoformat()], capture_output=True, check=False)


def age(files: list[Path]) -> None:
    """Files a day old, as in a real repository (fresh ones are hashed, not trusted by stat)."""
    for path in files:
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 86_400 * 10**9))


def bench(n: int, repeat: int) -> list[tuple[str, float]]:
    from itsmkit.repo.cache import clear
    from itsmkit.repo.loader import load_repository

    with tempfile.TemporaryDirectory(prefix="itsmkit-bench-") as tmp:
        root = Path(tmp)
        files = generate(root, n, batched=False)
        age(files)
        raw_parse_no_gc(files)  # warm the page cache
        expected = validate(root, cache=False)  # and imports, model schemas
        edits = iter(range(10**6))

        def cold() -> None:
            clear(root)
            validate(root, cache=True)

        def one_changed() -> None:
            path = files[next(edits) % len(files)]
            with path.open("a", encoding="utf-8") as handle:
                handle.write("# edited\n")
            validate(root, cache=True)

        rows: list[tuple[str, float]] = [
            ("(a) raw parse, GC paused", best(lambda: raw_parse_no_gc(files), repeat)),
            ("(b) validate, no cache", best(lambda: validate(root, cache=False), repeat)),
            ("(c) validate, cold cache", best(cold, repeat)),
        ]
        validate(root, cache=True)
        validate(root, cache=True)  # learns the stat of files hashed in the previous run
        rows.append(
            ("(d) validate, warm, unchanged", best(lambda: validate(root, cache=True), repeat))
        )
        rows.append(("(e) validate, one file changed", best(one_changed, repeat)))
        rows.append(
            ("(f) load only, warm", best(lambda: load_repository(root, cache=True), repeat))
        )
        rows.append(("(g) validate process, warm", best(lambda: process(root), repeat)))
        if validate(root, cache=True) != validate(root, cache=False):
            raise SystemExit("the cached run does not report what the full run reports")
        if expected and not validate(root, cache=False):
            raise SystemExit("unexpected: issues disappeared")
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="record counts (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (median)")
    args = parser.parse_args()
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}, libyaml {yaml.__with_libyaml__}"
    )
    for n in args.n or [10_000, 50_000]:
        rows = bench(n, args.repeat)
        base = rows[0][1]
        print(f"\n## one file per record, N = {n:,}")
        print(f"| {'method':<34} | {'seconds':>8} | {'vs (a)':>7} |")
        print("|" + "-" * 36 + "|" + "-" * 9 + ":|" + "-" * 8 + ":|")
        for label, seconds in rows:
            print(f"| {label:<34} | {seconds:>8.3f} | {seconds / base:>6.2f}x |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
