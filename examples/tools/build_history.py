"""Build a copy of the example company whose git history is as the company would have made it.

The example lives in itsmkit's own repository, where all of it was committed in one go: a
mock audit of that history rightly says the records look backfilled. A real company
commits its records as the activities happen. This script copies the company folder into
a new git repository and commits every file on the day its content was last dated (a
record file on the last day it records, a document on its approval day, the rest on the
first day of the story), never after the company's ``reference_date``. A register kept by
hand (a ``kind: batch`` file of changes, configuration items, actions...) grows as a real
one does: each item enters it on the day it was last dated. Batches imported from a
helpdesk enter in one go, as an import does. The result is
deterministic: the same example gives the same commits, whatever the day it is built.

    python examples/tools/build_history.py examples/alpes-hebergement build/alpes-hebergement

DEST must not exist, or must be a folder this script built before (it is rebuilt).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from itsmkit.repo.loader import find_root, load_repository

MARKER = "itsmkit-built-history"  # kept inside .git, so it is never part of the history
AUTHOR = ("Alpes Hébergement SMS", "sms@alpes-hebergement.example")


def commit_days(root: Path) -> tuple[dict[str, dt.date], dt.date | None]:
    """Each tracked file's commit day, and the repository's reference date."""
    repo = load_repository(root)
    reference = repo.config.reference_date if repo.config else None
    latest: dict[str, dt.date] = {}
    for item in repo.artefacts:
        dates = item.artefact.evidence_dates()
        if dates is None:
            continue
        end = max(dates)
        latest[item.file] = max(end, latest.get(item.file, end))
    first = min(latest.values(), default=reference or dt.date(2026, 1, 1))
    days: dict[str, dt.date] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or any(p.startswith(".") for p in path.relative_to(root).parts):
            continue
        rel = path.relative_to(root).as_posix()
        day = latest.get(rel, first)
        if reference is not None:
            day = min(day, reference)
        days[rel] = day
    return days, reference


def _prepare(dest: Path) -> None:
    if dest.exists():
        if not (dest / ".git" / MARKER).is_file():
            sys.exit(f"{dest} exists and was not built by this script; choose another folder")
        shutil.rmtree(dest)
    dest.mkdir(parents=True)


def _git(dest: Path, *args: str, day: dt.date | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": AUTHOR[0],
        "GIT_AUTHOR_EMAIL": AUTHOR[1],
        "GIT_COMMITTER_NAME": AUTHOR[0],
        "GIT_COMMITTER_EMAIL": AUTHOR[1],
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if day is not None:
        stamp = f"{day.isoformat()}T18:00:00+00:00"
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = stamp
    subprocess.run(["git", "-C", str(dest), *args], check=True, env=env, capture_output=True)


def register_days(root: Path) -> dict[str, dict[int, dt.date]]:
    """For each hand-kept batch file, the day each item (by index) enters it."""
    repo = load_repository(root)
    reference = repo.config.reference_date if repo.config else None
    out: dict[str, dict[int, dt.date]] = defaultdict(dict)
    imported: set[str] = set()
    for item in repo.artefacts:
        if len(item.prefix) != 2 or item.prefix[0] != "items":
            continue
        if getattr(item.artefact, "source", None) is not None:
            imported.add(item.file)
        dates = item.artefact.evidence_dates()
        if dates is None:
            continue
        day = max(dates) if reference is None else min(max(dates), reference)
        out[item.file][int(item.prefix[1])] = day
    return {rel: days for rel, days in out.items() if rel not in imported}


def _partial(text: str, keep: set[int]) -> str:
    """The batch file with only the items of ``keep`` (comments and layout kept)."""
    import io

    from ruamel.yaml import YAML

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    data = rt.load(text)
    items = data["items"]
    for n in sorted(range(len(items)), reverse=True):
        if n not in keep:
            del items[n]
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def build(source: Path, dest: Path) -> int:
    """Copy ``source`` into a new git repository at ``dest``; return the number of commits."""
    root = find_root(source)
    days, _ = commit_days(root)
    _prepare(dest)
    _git(dest, "init", "-q", "-b", "main")
    (dest / ".git" / MARKER).write_text("built by examples/tools/build_history.py\n")
    by_day: dict[dt.date, list[str]] = defaultdict(list)
    for rel, day in days.items():
        by_day[day].append(rel)
    # Earlier states of each register: on each day an item was last dated, the items so far.
    partial: dict[dt.date, dict[str, set[int]]] = defaultdict(dict)
    for rel, items in register_days(root).items():
        for day in sorted(set(items.values())):
            if day < days[rel]:
                partial[day][rel] = {n for n, d in items.items() if d <= day}
    for day in sorted(set(by_day) | set(partial)):
        touched = []
        for rel, keep in partial.get(day, {}).items():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            text = (root / rel).read_text(encoding="utf-8")
            target.write_text(_partial(text, keep), encoding="utf-8")
            touched.append(rel)
        for rel in by_day.get(day, []):
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / rel, target)
            touched.append(rel)
        _git(dest, "add", "--", *touched)
        _git(dest, "commit", "-q", "-m", f"SMS records and documents of {day}", day=day)
    return len(set(by_day) | set(partial))


def main(argv: list[str] | None = None) -> int:
    """Build the history; the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the example company folder")
    parser.add_argument("dest", type=Path, help="where to build the repository")
    args = parser.parse_args(argv)
    count = build(args.source, args.dest)
    print(f"built {args.dest} with {count} commits")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
