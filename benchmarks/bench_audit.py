"""Time `itsmkit audit` on generated repositories of 10k and 50k records with 2k commits.

Run:  .venv/bin/python benchmarks/bench_audit.py [--records 10000 50000] [--commits 2000]

Each repository is the clean test company (tests/audit_fixture.py) plus N incidents in
batch files, one file per commit, with commit dates spread over the history. The same
run times the raw libyaml parse of the same files as a baseline and prints ratios.
Target from the issue: audit <= 10 s at 50k records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.audit_fixture import AS_OF, clean_company, write_company

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "b",
    "GIT_AUTHOR_EMAIL": "b@x",
    "GIT_COMMITTER_NAME": "b",
    "GIT_COMMITTER_EMAIL": "b@x",
}


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = dict(ENV)
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def build(root: Path, records: int, commits: int) -> int:
    files = clean_company(history_days=180)
    write_company(root, files)
    git(root, "init", "-q", "-b", "main")
    start = AS_OF - dt.timedelta(days=180)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base", when=f"{start}T08:00:00Z")
    per_file = max(1, records // commits)
    n = 0
    for c in range(commits):
        day = start + dt.timedelta(days=c * 175 // commits)
        items = []
        for _ in range(per_file):
            n += 1
            ts = f"{day}T09:00:00+02:00"
            items.append(
                {
                    "id": f"INC-G{n}",
                    "summary": "Messagerie lente pour un utilisateur du client",
                    "service": "SVC-WEB",
                    "customer": "CUST-A",
                    "priority": "P3",
                    "status": "closed",
                    "opened": ts,
                    "acknowledged": ts,
                    "resolved": ts,
                    "closed": ts,
                    "description": "Le centre de services a qualifié et résolu la demande. " * 3,
                }
            )
        path = root / "records" / "gen" / f"{c:05d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            yaml.safe_dump(
                {"kind": "batch", "of": "incident", "schema_version": 1, "items": items},
                allow_unicode=True,
                sort_keys=False,
            ),
            encoding="utf-8",
        )
        git(root, "add", str(path.relative_to(root)))
        git(root, "commit", "-qm", f"records {c}", when=f"{day}T18:00:00Z")
    return n


def raw_parse(root: Path) -> float:
    started = time.perf_counter()
    for path in root.rglob("*.yaml"):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def timed(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=ENV)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed: {done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    itsmkit = [sys.executable, "-m", "itsmkit"]
    print(
        f"{'records':>8} {'commits':>8} {'raw parse s':>12} {'validate s':>11} {'audit s':>8} "
        f"{'audit/raw':>10} {'audit/validate':>15}"
    )
    for count in args.records:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            made = build(root, count, args.commits)
            raw = statistics.median(raw_parse(root) for _ in range(args.repeat))
            val = statistics.median(
                timed([*itsmkit, "validate", ".", "-f", "json"], root) for _ in range(args.repeat)
            )
            aud = statistics.median(
                timed([*itsmkit, "audit", ".", "-f", "json", "--as-of", AS_OF.isoformat()], root)
                for _ in range(args.repeat)
            )
            print(
                f"{made:>8} {args.commits:>8} {raw:>12.2f} {val:>11.2f} {aud:>8.2f} {aud / raw:>10.2f} {aud / val:>15.2f}"
            )


if __name__ == "__main__":
    main()
