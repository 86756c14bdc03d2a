#!/usr/bin/env python3
"""Compare computed SLA attainment with ServiceNow's own ``made_sla`` on the UCI sample.

Run:  .venv/bin/python scripts/uci_sla_agreement.py [CSV]

A throwaway reader, not an importer (``itsmkit import`` is built apart): it groups the
event log per incident (last event wins), takes ``resolved_at`` (else ``closed_at``) as
the resolution, keeps the "Awaiting ..." states as pauses (from the event that entered
them to the next event), builds incident models in memory and runs
:func:`itsmkit.sla.attainment.compute` for a few guesses at the SLA the instance used
(its targets and calendar are not in the data). The verdict compared is "resolution
within target"; the agreement is the share of incidents where it equals ``made_sla`` of
the incident's last event.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from itsmkit.config import Config
from itsmkit.model.agreement import Sla
from itsmkit.model.operations import Incident
from itsmkit.repo.loader import Loaded, Repository
from itsmkit.sla.attainment import compute

SAMPLE = (
    Path(__file__).resolve().parent.parent.parent
    / "shared/samples/uci-incident-event-log/incident_event_log_sample.csv"
)
PRIORITY = {"1 - Critical": "P1", "2 - High": "P2", "3 - Moderate": "P3", "4 - Low": "P4"}
ZONE = ZoneInfo("America/Sao_Paulo")  # the authors' instance; an assumption


def _when(text: str) -> dt.datetime | None:
    if text in ("", "?"):
        return None
    return dt.datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=ZONE)


def read(path: Path) -> tuple[list[Incident], dict[str, bool]]:
    """Incidents and the tool's last ``made_sla`` verdict per incident."""
    events: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            events[row["number"]].append(row)
    incidents, verdicts = [], {}
    for number, rows in events.items():
        rows.sort(key=lambda r: int(r["sys_mod_count"]))
        last = rows[-1]
        opened = _when(last["opened_at"])
        if opened is None:
            continue
        resolved = _when(last["resolved_at"]) or _when(last["closed_at"])
        if resolved is not None and resolved < opened:
            resolved = opened
        ack = next((_when(r["sys_updated_at"]) for r in rows if r["incident_state"] != "New"), None)
        pauses = []
        for here, after in pairwise(rows):
            if here["incident_state"].startswith("Awaiting"):
                start, end = _when(here["sys_updated_at"]), _when(after["sys_updated_at"])
                if start and end and end > start:
                    pauses.append({"start": start, "end": end, "reason": here["incident_state"]})
        data: dict[str, Any] = {
            "kind": "incident",
            "id": number,
            "schema_version": 1,
            "summary": last["category"],
            "service": "SVC-X",
            "customer": "CUST-X",
            "priority": PRIORITY[last["priority"]],
            "status": "closed",
            "opened": opened,
            "acknowledged": max(ack, opened) if ack and resolved and ack <= resolved else None,
            "resolved": resolved,
            "pauses": pauses,
        }
        incidents.append(Incident.model_validate(data))
        verdicts[number] = last["made_sla"] == "true"
    return incidents, verdicts


def sla(targets: dict[str, str], clock: str, exclude: bool, hours: dict[str, Any]) -> Sla:
    """An SLA with only what attainment needs."""
    return Sla.model_validate(
        {
            "kind": "sla",
            "id": "SLA-X",
            "schema_version": 1,
            "title": "Guess",
            "version": "1",
            "status": "approved",
            "owner": "P-X",
            "customer": "CUST-X",
            "services": ["SVC-X"],
            "service_hours": hours,
            "targets": {
                "clock": clock,
                "exclude_pending": exclude,
                "measurement_window": "year",
                "per_priority": [
                    {"priority": p, "response": "1000d", "resolution": r}
                    for p, r in targets.items()
                ],
            },
        }
    )


GUESSES: dict[str, tuple[dict[str, str], str, bool]] = {
    "24x7, P1 4h P2 8h P3 1d P4 3d, pending excluded": (
        {"P1": "4h", "P2": "8h", "P3": "1d", "P4": "3d"},
        "24x7",
        True,
    ),
    "24x7, same targets, pending counted": (
        {"P1": "4h", "P2": "8h", "P3": "1d", "P4": "3d"},
        "24x7",
        False,
    ),
    "24x7, P1 1d P2 2d P3 5d P4 10d, pending excluded": (
        {"P1": "1d", "P2": "2d", "P3": "5d", "P4": "10d"},
        "24x7",
        True,
    ),
    "business hours Mon-Fri 08-18 (BR holidays), P1 4h P2 8h P3 1d P4 3d, pending excluded": (
        {"P1": "4h", "P2": "8h", "P3": "1d", "P4": "3d"},
        "service-hours",
        True,
    ),
    "business hours Mon-Fri 08-18 (BR holidays), P1 8h P2 1d P3 3d P4 5d, pending excluded": (
        {"P1": "8h", "P2": "1d", "P3": "3d", "P4": "5d"},
        "service-hours",
        True,
    ),
}


def main() -> int:
    """Print the agreement of each guess with ``made_sla``."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
    incidents, verdicts = read(path)
    made = sum(verdicts.values())
    print(
        f"{len(incidents)} incidents; made_sla true for {made} ({100 * made / len(verdicts):.1f} %)"
    )
    hours = {
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "start": "08:00",
        "end": "18:00",
        "time_zone": "America/Sao_Paulo",
    }
    config = Config.model_validate({"organisation": "UCI", "scope": "x", "country": "BR"})
    for label, (targets, clock, exclude) in GUESSES.items():
        repo = Repository(root=path.parent, config=config)
        repo.artefacts = [Loaded(sla(targets, clock, exclude, hours), "sla.yaml")]
        repo.artefacts += [Loaded(i, path.name) for i in incidents]
        (result,) = compute(repo, "SLA-X", "2016")
        late = {
            e.id for b in result.breaches if b.metric.startswith("resolution") for e in b.evidence
        }
        both = sum(1 for n, ok in verdicts.items() if ok == (n not in late))
        tp = sum(1 for n, ok in verdicts.items() if ok and n not in late)
        tn = sum(1 for n, ok in verdicts.items() if not ok and n in late)
        print(
            f"- {label}: agreement {both}/{len(verdicts)} ({100 * both / len(verdicts):.1f} %); "
            f"both met {tp}, both missed {tn}, computed-only breaches "
            f"{sum(1 for n, ok in verdicts.items() if ok and n in late)}, "
            f"made_sla-only misses {sum(1 for n, ok in verdicts.items() if not ok and n not in late)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
