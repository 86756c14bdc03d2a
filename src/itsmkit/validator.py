"""``itsmkit validate``: load a repository, run every rule, return every issue located."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from itsmkit.issues import Issue, Severity

if TYPE_CHECKING:
    from itsmkit.incremental import Outcome
    from itsmkit.repo.loader import Repository


@dataclass(slots=True)
class ValidationReport:
    """The result of validating a repository: data for printers, no formatting."""

    root: Path
    issues: list[Issue]
    files: int
    artefacts: int
    kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @classmethod
    def of(cls, outcome: Outcome, started: float) -> ValidationReport:
        """The report of an incremental run's outcome, timed from ``started``."""
        return cls(
            root=outcome.root,
            issues=outcome.issues,
            files=outcome.files,
            artefacts=outcome.artefacts,
            kinds=outcome.kinds,
            seconds=time.perf_counter() - started,
        )

    def count(self, severity: Severity) -> int:
        """How many issues of a severity."""
        return sum(1 for i in self.issues if i.severity is severity)

    def failed(self, *, strict: bool = False) -> bool:
        """Whether validation fails: errors, or warnings too when ``strict``."""
        if self.count(Severity.ERROR):
            return True
        return strict and self.count(Severity.WARNING) > 0


def validate(
    path: Path,
    *,
    today: dt.date | None = None,
    jobs: int | None = None,
    cache: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    rules: Callable[[Repository, dt.date], list[Issue]] | None = None,
) -> tuple[ValidationReport, Repository]:
    """Validate the repository at ``path``; the loaded repository is returned for reuse.

    Args:
        path: the repository, or a folder or file inside it.
        today: the day review and future dates are judged against (default: the
            repository's ``reference_date``, else today).
        jobs: worker processes for reading files (None: automatic, 1: none); the
            report is the same whatever the number.
        cache: reuse unchanged files' results: True reads and updates the cache, None
            only reads it, False ignores it (see :func:`load_repository`); the report
            is the same either way.
        progress: called with (files read, files in all) while files are read.
        rules: runs the repository-wide rules (default: ``rules.repository.run_all``;
            another function must return the same issues, e.g.
            :func:`itsmkit.rulecache.rule_issues` remembering them).
    """
    from itsmkit.gcpause import gc_paused
    from itsmkit.repo.loader import load_repository
    from itsmkit.repo.positions import resolve

    if rules is None:  # a remembered result (rulecache) needs no rule module
        from itsmkit.rules.repository import run_all

        rules = run_all
    started = time.perf_counter()
    with gc_paused():
        repo = load_repository(path, jobs=jobs, cache=cache, progress=progress)
        issues = list(repo.issues)
        reference = repo.config.reference_date if repo.config else None
        issues.extend(rules(repo, today or reference or dt.date.today()))
        issues = resolve(repo.root, issues)
    issues.sort(key=Issue.sort_key)
    kinds = Counter(item.artefact.kind for item in repo.artefacts)
    report = ValidationReport(
        root=repo.root,
        issues=issues,
        files=len(repo.files),
        artefacts=len(repo.artefacts),
        kinds=dict(sorted(kinds.items())),
        seconds=time.perf_counter() - started,
    )
    return report, repo


def report(
    path: Path,
    *,
    today: dt.date | None = None,
    jobs: int | None = None,
    cache: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ValidationReport:
    """The report :func:`validate` gives, computed incrementally when the cache is allowed.

    With the cache (``cache`` True reads and updates it, None only reads it), unchanged
    files are neither read nor parsed and the repository-wide rules run only over what
    changed (see :mod:`itsmkit.incremental`); the report is byte-identical to a full run.
    ``cache=False`` (or ``ITSMKIT_NO_CACHE``) is a full run. No repository is returned:
    commands that need the artefacts call :func:`validate`.
    """
    from itsmkit.repo.cache import disabled_by_env

    if cache is False or disabled_by_env():
        return validate(path, today=today, jobs=jobs, cache=False, progress=progress)[0]
    from itsmkit.incremental import run

    started = time.perf_counter()
    outcome = run(path, today=today, jobs=jobs, write=cache is True, progress=progress)
    return ValidationReport.of(outcome, started)
