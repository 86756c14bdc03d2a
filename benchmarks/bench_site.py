"""Time `itsmkit site` on the example and on a generated repository of 50k records.

Run:  .venv/bin/python benchmarks/bench_site.py [--records 50000] [--commits 200] [--repeat 3]

The generated repository is bench_audit's: the clean test company plus N incidents in
batch files. Baselines measured in the same run: `itsmkit validate` and `itsmkit audit`
on the same repository (the site runs the audit and loads the repository once more).
Targets from the issue: site <= 5 s on the example, <= 30 s at 50k records.

Records are written on register pages per kind and month (1000 records a page), so
the number of files grows with months, not records; documents get a page each.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.bench_audit import build, timed

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "alpes-hebergement"


def measure(root: Path, repeat: int) -> tuple[float, float, float, int]:
    itsmkit = [sys.executable, "-m", "itsmkit"]
    out = root.parent / "site-out"
    val = statistics.median(
        timed([*itsmkit, "validate", ".", "-f", "json"], root) for _ in range(repeat)
    )
    aud = statistics.median(
        timed([*itsmkit, "audit", ".", "-f", "json"], root) for _ in range(repeat)
    )
    site = statistics.median(
        timed([*itsmkit, "site", "-C", ".", "-o", str(out)], root) for _ in range(repeat)
    )
    files = sum(1 for _ in out.rglob("*.html"))
    return val, aud, site, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, nargs="+", default=[50_000])
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'repository':>12} {'validate s':>11} {'audit s':>8} {'site s':>7} {'pages':>6} "
        f"{'site/validate':>14} {'site/audit':>11}"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "example"
        shutil.copytree(EXAMPLE, root)
        rows.append(("example", *measure(root, args.repeat)))
    for count in args.records:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "repo"
            root.mkdir()
            made = build(root, count, args.commits)
            rows.append((f"{made} rec", *measure(root, args.repeat)))
    for name, val, aud, site, pages in rows:
        print(
            f"{name:>12} {val:>11.2f} {aud:>8.2f} {site:>7.2f} {pages:>6} "
            f"{site / val:>14.2f} {site / aud:>11.2f}"
        )


if __name__ == "__main__":
    main()
