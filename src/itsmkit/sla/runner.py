"""One call for the commands: load a repository and measure its SLAs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from itsmkit.errors import UsageError
from itsmkit.repo.loader import Repository, find_root, load_repository
from itsmkit.sla.attainment import compute
from itsmkit.sla.locate import locate
from itsmkit.sla.period import Period, parse_period
from itsmkit.sla.results import SlaAttainment, SlaNotFoundError


@dataclass(slots=True)
class Measured:
    """Attainment results and what could not be read."""

    repo: Repository
    results: list[SlaAttainment]
    unreadable: int
    """Files with load errors: their tickets are not counted."""


def period_option(text: str | None) -> Period | None:
    """Parse ``--period``; a usage error if it is not one."""
    if text is None:
        return None
    try:
        return parse_period(text)
    except ValueError:
        raise UsageError(
            f"--period {text!r} is not a period",
            hint="Write a month as YYYY-MM (2026-05), a quarter as 2026-Q2, a year as 2026.",
        ) from None


def measure(
    path: Path,
    sla_id: str | None = None,
    period: Period | None = None,
    *,
    now: dt.datetime | None = None,
    repo: Repository | None = None,
) -> Measured:
    """Attainment of the SLAs of the repository at ``path``, breaches located (file:line)."""
    repo = repo or load_repository(find_root(path))
    try:
        results = compute(repo, sla_id, period, now=now)
    except SlaNotFoundError:
        known = sorted(i.artefact.id for i in repo.by_kind("sla"))
        raise UsageError(
            f"no SLA with id {sla_id!r}",
            hint="Known SLAs: " + (", ".join(known) if known else "none") + ".",
        ) from None
    locate(results, repo)
    bad = {i.file for i in repo.issues if i.severity.value == "error"}
    return Measured(repo, results, len(bad))
