"""What timestamps written without a UTC offset cost ``validate``, as a ratio.

Generates N incidents (four timestamps each) in monthly batch files twice, once with
offsets and once as local times, and times ``itsmkit.validator.validate`` in-process
(no cache, one process) on both in the same run. Before validation the loader looks at
the end of each top-level timestamp: one with an offset costs that look, one without is
given the offset of the repository's ``time_zone``. Runs alternate, so that a busy
machine slows both alike.

Usage::

    python benchmarks/bench_local_times.py             # 20,000 incidents
    python benchmarks/bench_local_times.py -n 50000 --repeat 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

CONFIG = "organisation: Bench SARL\nscope: Services\nlanguage: fr\ntime_zone: Europe/Paris\n"
REFS = {
    "people/p.yaml": "kind: person\nid: P-TECH\nschema_version: 1\nname: Tech\n",
    "customers/c.yaml": "kind: customer\nid: CUST-1\nschema_version: 1\nname: Client\n",
    "services/s.yaml": (
        "kind: service\nid: SVC-MAIL\nschema_version: 1\ntitle: Mail\nversion: '1.0'\n"
        "status: draft\nowner: P-TECH\ncode: MAIL\nname: Mail\nservice_status: pipeline\n"
        "description: Mail\nservice_owner: P-TECH\n"
    ),
}


def _stamp(moment: dt.datetime, offset: bool) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return text + ("+01:00" if offset else "")


def build(root: Path, count: int, *, offset: bool) -> None:
    for rel, text in {"itsmkit.yaml": CONFIG, **REFS}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    per_month = max(1, count // 12)
    start = dt.datetime(2025, 1, 5, 8, 0)
    for month in range(12):
        items = []
        for k in range(per_month):
            n = month * per_month + k
            opened = start.replace(month=month + 1) + dt.timedelta(minutes=7 * k % 20000)
            opened = opened.replace(month=month + 1) if opened.month != month + 1 else opened
            stamps = [opened + dt.timedelta(minutes=m) for m in (0, 15, 120, 180)]
            items.append(
                f"  - id: INC-{n:06d}\n    summary: Mail lent\n    service: SVC-MAIL\n"
                f"    customer: CUST-1\n    priority: P3\n    status: closed\n"
                f"    opened: {_stamp(stamps[0], offset)}\n"
                f"    acknowledged: {_stamp(stamps[1], offset)}\n"
                f"    resolved: {_stamp(stamps[2], offset)}\n"
                f"    closed: {_stamp(stamps[3], offset)}\n"
            )
        path = root / "records" / f"2025-{month + 1:02d}" / "incidents.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "kind: batch\nof: incident\nschema_version: 1\nitems:\n" + "".join(items),
            encoding="utf-8",
        )


def timed(root: Path) -> tuple[float, int]:
    from itsmkit.validator import validate

    began = time.perf_counter()
    report, _ = validate(root, cache=False, jobs=1)
    return time.perf_counter() - began, len(report.issues)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000, help="incidents (default 20,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with_offset, local = Path(tmp) / "offset", Path(tmp) / "local"
        build(with_offset, args.n, offset=True)
        build(local, args.n, offset=False)
        timed(with_offset)  # warm: imports, model schemas
        # Interleaved, so that a busy machine slows both alike; medians.
        runs: dict[Path, list[float]] = {with_offset: [], local: []}
        issues: dict[Path, int] = {}
        for _ in range(args.repeat):
            for root in (with_offset, local):
                seconds, issues[root] = timed(root)
                runs[root].append(seconds)
        base, naive = statistics.median(runs[with_offset]), statistics.median(runs[local])
        issues_a, issues_b = issues[with_offset], issues[local]
    print(f"{args.n} incidents, 4 timestamps each, median of {args.repeat}")
    print(f"  with offsets     {base:7.3f} s   1.00x  ({issues_a} issues)")
    print(f"  local times      {naive:7.3f} s   {naive / base:.2f}x  ({issues_b} issues)")


if __name__ == "__main__":
    main()
