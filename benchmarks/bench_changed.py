"""Time ``validate --changed`` after one edit against the raw libyaml parse, in the same run.

Generates N incident records, one file per record (``bench_validate.generate``), commits
them to a temporary git repository, warms the file cache, then times in-process:

  (a) raw parse: read bytes + ``yaml.load(..., CSafeLoader)``, GC paused (the ceiling);
  (b) full validate, warm cache, one file changed since the last run;
  (c) ``--changed HEAD`` after one incident file changed (a different one each time),
      the revision's state not remembered: git diff + a warm full run + the scope (the
      repository rules run once more over the revision's version);
  (c') the same with the revision's state remembered (the pre-commit flow: the previous
      run validated what was then committed), so the rules run once;
  (d) ``--changed HEAD`` when nothing changed (git and the warm run only);
  (e) the git part alone (``changes_since``: ls-tree + diff of the work tree).

and checks that (c) reports exactly the full run's issues for the files it checked.

Usage::

    python benchmarks/bench_changed.py                 # 10k and 50k
    python benchmarks/bench_changed.py -n 10000 --repeat 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cache import age
from bench_validate import best, generate, raw_parse_no_gc

TODAY = dt.date(2030, 1, 1)
GIT = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT}, check=True)


def bench(n: int, repeat: int) -> list[tuple[str, float]]:
    from itsmkit.changed import validate_changed
    from itsmkit.repo.gitdiff import changes_since
    from itsmkit.validator import validate

    with tempfile.TemporaryDirectory(prefix="itsmkit-bench-") as tmp:
        root = Path(tmp)
        files = generate(root, n, batched=False)
        age(files)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "records")
        git(root, "status", "-s")  # refreshes the index's stat data
        raw_parse_no_gc(files)  # warm the page cache
        validate(root, today=TODAY, cache=True)
        validate(root, today=TODAY, cache=True)
        edits = iter(range(1, 10**6))

        def edit_one() -> None:
            path = files[next(edits) * 7919 % len(files)]
            with path.open("a", encoding="utf-8") as handle:
                handle.write("# edited\n")

        def full_one_changed() -> None:
            edit_one()
            validate(root, today=TODAY, cache=True)

        state = root / ".itsmkit" / "cache" / "changed.state"

        def changed_one() -> None:
            edit_one()
            state.unlink(missing_ok=True)
            validate_changed(root, "HEAD", today=TODAY, cache=True)

        def changed_one_known() -> None:
            edit_one()
            validate_changed(root, "HEAD", today=TODAY, cache=True)

        rows: list[tuple[str, float]] = [
            ("(a) raw parse, GC paused", best(lambda: raw_parse_no_gc(files), repeat)),
            ("(b) full validate, one file changed", best(full_one_changed, repeat)),
            ("(c) --changed, one file changed", best(changed_one, repeat)),
            ("(c') same, revision state known", best(changed_one_known, repeat)),
        ]
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "edits")
        validate(root, today=TODAY, cache=True)
        rows.append(
            (
                "(d) --changed, nothing changed",
                best(lambda: validate_changed(root, "HEAD", today=TODAY, cache=True), repeat),
            )
        )
        rows.append(("(e) git part only", best(lambda: changes_since(root, "HEAD"), repeat)))

        edit_one()
        part, scope = validate_changed(root, "HEAD", today=TODAY, cache=True)
        full, _ = validate(root, today=TODAY, cache=False)
        chosen = set(scope.files)
        wanted = [i for i in full.issues if i.file in chosen or i.file == "itsmkit.yaml"]
        if part.issues != wanted or len(scope.changed) != 1:
            raise SystemExit("--changed does not report the full run's issues for its files")
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
        print(f"| {'method':<38} | {'seconds':>8} | {'vs (a)':>7} |")
        print("|" + "-" * 40 + "|" + "-" * 9 + ":|" + "-" * 8 + ":|")
        for label, seconds in rows:
            print(f"| {label:<38} | {seconds:>8.3f} | {seconds / base:>6.2f}x |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
