"""``validate --changed``: the issues of what changed since a revision, exactly as a full run.

The report is the incremental validation (:mod:`itsmkit.incremental`) filtered to the
*affected* files, so every issue shown is the one a full run shows, in the same order, at
the same position. The scope is computed from the same per-file summaries (the ids each
file defines, the ids that failed, the references, the issues), never by loading the
repository. A file is affected when:

1. it changed: added, modified or untracked since the revision (the working tree is
   compared, so staged, unstaged and untracked changes all count);
2. it holds an artefact that refers to an id defined, now or at the revision, in a
   changed or deleted file (a deleted or renamed service breaks its incidents), or that
   defines such an id (duplicates);
3. it defines an id that a changed or deleted file refers to, now or at the revision
   (an SLA that drops a service leaves the service uncovered);
4. its issues differ between the revision and now. Besides the ids above, only two
   things can make them differ (see :class:`itsmkit.incremental.Detail`): the
   did-you-mean hint of a reference to an unknown id, when ids appeared, went or changed
   kind, and the rules that read a few kinds (SLA coverage, contracts, a service
   report's figures, which the records change), when what they read changed. Those are
   judged in both states, the revision's from the unchanged files' summaries and the
   revision's versions of the others (one ``git cat-file``), and compared. The rules'
   results for the revision are memoised in the index as the tree's are: the tree a
   pre-commit run validated is the next commit's revision.

Issues not located in an artefact file (``itsmkit.yaml``, the walk of the tree, an
interrupted write) are always shown: they change how every file is read. When
``itsmkit.yaml`` itself changed, or there is no commit to compare with, every file is
affected and the result is the full run.
"""

from __future__ import annotations

import bisect
import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itsmkit.config import CONFIG_FILE
from itsmkit.issues import Issue
from itsmkit.repo.gitdiff import Changes, changes_since, is_artefact_path, read_old
from itsmkit.validator import ValidationReport

if TYPE_CHECKING:
    from itsmkit.config import Config
    from itsmkit.incremental import Detail, IncrementalStats, Revision


@dataclass(slots=True)
class Scope:
    """Which files a ``--changed`` run reports on, and why."""

    rev: str
    commit: str | None
    changed: list[str] = field(default_factory=list)
    """Artefact files added or modified since the revision (current paths)."""
    deleted: list[str] = field(default_factory=list)
    """Artefact files of the revision that are gone (deleted, or renamed away)."""
    files: list[str] = field(default_factory=list)
    """Every file whose issues are reported: the changed ones and those they affect."""
    whole: str | None = None
    """Why every file is affected (the configuration changed, no commit yet), if so."""
    stats: IncrementalStats | None = None
    """What the incremental run reused (for tests and benchmarks)."""


def _key(issue: Issue) -> tuple[Any, ...]:
    """What an issue says, without its position (the revision's may differ)."""
    severity = issue.severity.value
    return (severity, issue.code, issue.message, issue.hint, issue.artefact, tuple(issue.loc))


def _walk_order(rel: str) -> list[str]:
    """The order the walk of :func:`itsmkit.repo.files.find_files` lists files in."""
    return rel.split("/")


class _Plan:
    """Given the tree's files, which revision state to judge (the incremental run asks)."""

    def __init__(self, root: Path, changes: Changes) -> None:
        self.root = root
        self.changes = changes
        self.scope = Scope(rev=changes.rev, commit=changes.commit)
        self.files: list[str] = []
        self.gone: set[str] = set()
        self.changed: set[str] = set()

    def __call__(self, files: list[str], config: Config | None) -> Revision | None:
        from itsmkit.incremental import Revision

        changes, scope = self.changes, self.scope
        self.files = files
        if changes.commit is None:
            scope.whole = "the git repository has no commit yet"
        elif CONFIG_FILE in changes.differ or CONFIG_FILE not in changes.before:
            scope.whole = f"{CONFIG_FILE} changed (or is new)"
        if scope.whole:
            return None
        exclude = config.exclude if config else []
        now = set(files)
        # The walk read every file of ``now``: only the others need the walk's test.
        before = changes.before & now
        before.update(rel for rel in changes.before - now if is_artefact_path(rel, exclude))
        self.changed = {rel for rel in files if rel not in before or rel in changes.differ}
        self.gone = before - now
        scope.changed = sorted(self.changed)
        scope.deleted = sorted(self.gone)
        if not self.changed and not self.gone:
            return None  # the tree is the revision's: only repository-wide issues show
        raws = read_old(self.root, changes, sorted((before & changes.differ & now) | self.gone))
        differ = changes.differ
        kept = [rel for rel in files if rel in before and (rel in raws or rel not in differ)]
        for rel in sorted(self.gone & raws.keys()):  # in walk order, as the revision's walk
            bisect.insort(kept, rel, key=_walk_order)
        return Revision(kept, raws, self.changed)


def _affected(plan: _Plan, detail: Detail) -> set[str]:
    """The changed files and those they affect (see the module's docstring)."""
    from itsmkit.incremental import ARTS, REFS

    defined = detail.defined
    named = defined | detail.targets
    affected = set(plan.changed)
    for rel, summary in detail.summaries.items():
        if rel in affected:
            continue
        for art in summary[ARTS]:
            if art[0] in named:
                affected.add(rel)
                break
        else:
            for ref in summary[REFS]:
                if ref[2] in defined:
                    affected.add(rel)
                    break
    replaced = plan.changed | plan.gone
    then = _by_file(i for i in detail.then_part if i.file not in replaced)
    now = _by_file(i for i in detail.now_part if i.file not in replaced)
    empty: Counter[tuple[Any, ...]] = Counter()
    affected.update(
        rel for rel in then.keys() | now.keys() if then.get(rel, empty) != now.get(rel, empty)
    )
    return affected


def _by_file(issues: Iterable[Issue]) -> dict[str, Counter[tuple[Any, ...]]]:
    grouped: dict[str, Counter[tuple[Any, ...]]] = defaultdict(Counter)
    for issue in issues:
        grouped[issue.file][_key(issue)] += 1
    return grouped


def repository_wide(issue: Issue, files: set[str]) -> bool:
    """Whether an issue concerns the whole repository rather than one artefact file."""
    return issue.file == CONFIG_FILE or issue.file not in files


def validate_changed(
    path: Path,
    rev: str = "HEAD",
    *,
    today: dt.date | None = None,
    jobs: int | None = None,
    cache: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[ValidationReport, Scope]:
    """Validate what changed since ``rev`` (and what it affects), as a full run would.

    Args:
        path: the repository, or a folder or file inside it.
        rev: the revision to compare the working tree with; ``A...`` compares with the
            merge base of A and HEAD (what a pull request changed).
        today: as for :func:`itsmkit.validator.validate`.
        jobs: as for :func:`itsmkit.validator.validate`.
        cache: as for :func:`itsmkit.validator.report` (False: every file parsed, the
            same report).
        progress: as for :func:`itsmkit.validator.validate`.

    Raises:
        RevisionError: not a git repository, or no such revision (a shallow clone says
            what to fetch).
    """
    from itsmkit.incremental import ARTS, run
    from itsmkit.repo.cache import disabled_by_env
    from itsmkit.repo.root import find_root

    started = time.perf_counter()
    root = find_root(path)
    plan = _Plan(root, changes_since(root, rev))  # fails fast, before reading anything
    off = cache is False or disabled_by_env()
    outcome = run(
        path,
        today=today,
        jobs=jobs,
        write=cache is True and not off,
        read=not off,
        progress=progress,
        revision=plan,
    )
    scope = plan.scope
    scope.stats = outcome.stats
    if scope.whole:
        scope.changed = list(plan.files)
        scope.files = list(plan.files)
        report = ValidationReport(
            outcome.root, outcome.issues, outcome.files, outcome.artefacts, outcome.kinds
        )
        report.seconds = time.perf_counter() - started
        return report, scope
    detail = outcome.detail
    chosen = _affected(plan, detail) & set(plan.files) if detail is not None else set()
    scope.files = sorted(chosen)
    every = set(plan.files)
    issues = [i for i in outcome.issues if i.file in chosen or repository_wide(i, every)]
    kinds: Counter[str] = Counter()
    if detail is not None:
        kinds.update(a[1] for rel in chosen for a in detail.summaries[rel][ARTS])
    report = ValidationReport(
        root=outcome.root,
        issues=issues,
        files=len(chosen),
        artefacts=sum(kinds.values()),
        kinds=dict(sorted(kinds.items())),
        seconds=time.perf_counter() - started,
    )
    return report, scope
