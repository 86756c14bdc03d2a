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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


@contextmanager
def repository(n: int) -> Iterator[tuple[Path, list[Path]]]:
    """A temporary repository of ``n`` incident files, aged, in the page cache."""
    with tempfile.TemporaryDirectory(prefix="itsmkit-bench-") as tmp:
        root = Path(tmp)
        files = generate(root, n, batched=False)
        age(files)
        raw_parse_no_gc(files)  # warm the page cache
        yield root, files


def editor(files: list[Path], stride: int = 1) -> Callable[[], None]:
    """Each call appends a comment to another file (``stride`` apart), as one edit."""
    edits = iter(range(1, 10**6))

    def edit_one() -> None:
        path = files[next(edits) * stride % len(files)]
        with path.open("a", encoding="utf-8") as handle:
            handle.write("# edited\n")

    return edit_one


def raw_row(files: list[Path], repeat: int) -> tuple[str, float]:
    """The baseline every ratio is measured against, in the same run."""
    return ("(a) raw parse, GC paused", best(lambda: raw_parse_no_gc(files), repeat))


def timed(setup: Callable[[], object], fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``fn`` over ``repeat`` runs, each after an untimed ``setup``."""
    import statistics
    import time

    times = []
    for _ in range(repeat):
        setup()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def warm(root: Path) -> None:
    """Two cached runs: the second learns the stat of files hashed in the first."""
    validate(root, cache=True)
    validate(root, cache=True)


def one_changed_row(root: Path, edit: Callable[[], None], repeat: int) -> tuple[str, float]:
    """A warm validate after one edit (a different file each time)."""

    def one_changed() -> None:
        edit()
        validate(root, cache=True)

    return ("(e) validate, one file changed", best(one_changed, repeat))


def bench(n: int, repeat: int) -> list[tuple[str, float]]:
    from itsmkit.repo.cache import clear
    from itsmkit.repo.loader import load_repository

    with repository(n) as (root, files):
        expected = validate(root, cache=False)  # and imports, model schemas

        def cold() -> None:
            clear(root)
            validate(root, cache=True)

        rows: list[tuple[str, float]] = [
            raw_row(files, repeat),
            ("(b) validate, no cache", best(lambda: validate(root, cache=False), repeat)),
            ("(c) validate, cold cache", best(cold, repeat)),
        ]
        warm(root)
        rows.append(
            ("(d) validate, warm, unchanged", best(lambda: validate(root, cache=True), repeat))
        )
        rows.append(one_changed_row(root, editor(files), repeat))
        rows.append(
            ("(f) load only, warm", best(lambda: load_repository(root, cache=True), repeat))
        )
        rows.append(("(g) validate process, warm", best(lambda: process(root), repeat)))
        if validate(root, cache=True) != validate(root, cache=False):
            raise SystemExit("the cached run does not report what the full run reports")
        if expected and not validate(root, cache=False):
            raise SystemExit("unexpected: issues disappeared")
        return rows


def main(
    bench: Callable[[int, int], list[tuple[str, float]]] = bench, doc: str | None = __doc__
) -> None:
    """Parse ``-n``/``--repeat``, run ``bench`` for each size, print a table of ratios to (a)."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
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
        width = max(len(label) for label, _ in rows)
        print(f"\n## one file per record, N = {n:,}")
        print(f"| {'method':<{width}} | {'seconds':>8} | {'vs (a)':>7} |")
        print("|" + "-" * (width + 2) + "|" + "-" * 9 + ":|" + "-" * 8 + ":|")
        for label, seconds in rows:
            print(f"| {label:<{width}} | {seconds:>8.3f} | {seconds / base:>6.2f}x |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
