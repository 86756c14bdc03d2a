#!/usr/bin/env python3
"""Regenerate the example's service reports from its incident and request records.

How to rerun (from the project root, with itsmkit installed in the venv)::

    .venv/bin/python examples/tools/regenerate_service_reports.py

Rerun it whenever the records under ``examples/alpes-hebergement/records/`` change (for
instance after ``itsmkit import`` rewrites the incident batches), then run
``itsmkit validate --strict examples/alpes-hebergement``: the reports must agree with the
records (rule ``report-figure-mismatch``).

For every ``records/*/rs-*.yaml`` it does what the company's service manager would do
by hand, in three steps:

1. reopen the approved report (``status: draft``): ``itsmkit report`` never overwrites an
   approved report, and this example's reports are regenerated on purpose;
   the hand-written reports of before metrics existed are migrated once: their
   availability line becomes ``metric: availability`` (its comment is kept) and the three
   aggregate lines get their metric (response, resolution, request-resolution);
2. ``itsmkit report SLA --period YYYY-MM --force``: the figures, workload and breach list
   are computed from the records; title, author, issue date, comments, alerts, summary,
   and each breach's description and actions are kept;
3. approve it again (``status: approved``, ``approved_on:`` its issue date, ``approved_by:``
   the SLA's approver), as the hand-written reports were.

The output is deterministic: a rerun on unchanged records gives identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from itsmkit.fsutil import atomic_write_text
from itsmkit.repo.loader import load_repository
from itsmkit.sla.period import parse_period
from itsmkit.sla.report import write_report

ROOT = Path(__file__).resolve().parent.parent / "alpes-hebergement"
AGGREGATES = {
    "Incidents pris en compte dans le délai de leur priorité": "response",
    "Incidents résolus dans le délai de leur priorité": "resolution",
    "Demandes de service réalisées dans le délai de leur priorité": "request-resolution",
}
AVAILABILITY = "Disponibilité mensuelle"


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 100
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _edit(path: Path, change: Any) -> Any:
    yaml = _yaml()
    text = path.read_text(encoding="utf-8")
    data = yaml.load(text)
    change(data)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    atomic_write_text(path, buffer.getvalue())
    return data


def _reopen(data: Any) -> None:
    if "status" in data:
        data["status"] = "draft"
    for key in ("approved_by", "approved_on"):
        data.pop(key, None)
    kept = []
    for m in data["measurements"]:
        if m.get("metric") is None and m.get("indicator") in AGGREGATES:
            m["metric"] = AGGREGATES[m["indicator"]]  # its comment, if any, is kept
        if m.get("metric") is None and m.get("indicator") == AVAILABILITY:
            m["metric"] = "availability"
        kept.append(m)
    data["measurements"][:] = kept


def _approver(sla_id: str) -> str | None:
    repo = load_repository(ROOT)
    for item in repo.by_kind("sla"):
        if item.artefact.id == sla_id:
            return getattr(item.artefact, "approver", None)
    return None


def main() -> int:
    """Regenerate every service report of the example; return the exit code."""
    for path in sorted(ROOT.glob("records/*/rs-*.yaml")):
        data = _edit(path, _reopen)
        sla_id, start = str(data["sla"]), data["period_start"]
        period = parse_period(f"{start:%Y-%m}")
        written = write_report(ROOT, sla_id, period, force=True)
        approver = _approver(sla_id)

        def approve(doc: Any, approver: str | None = approver) -> None:
            keys = list(doc.keys())
            at = keys.index("status") if "status" in keys else keys.index("sla") + 1
            doc.pop("status", None)
            doc.insert(at, "status", "approved")
            if approver:
                doc.insert(at + 1, "approved_by", approver)
            issued = doc["issued_on"]  # a new object, or ruamel writes an anchor and an alias
            doc.insert(
                at + 2 if approver else at + 1,
                "approved_on",
                dt.date.fromisoformat(f"{issued:%Y-%m-%d}"),
            )

        _edit(path, approve)
        print(f"{written.path}: {written.id}, {written.breaches} breach(es), approved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
