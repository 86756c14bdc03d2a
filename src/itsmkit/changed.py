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
from itsmkit.incremental import (
    ARTS,
    FAILED,
    REFS,
    Detail,
    Revision,
    RunState,
    definitions,
    id_index,
    keyed_rules,
    rule_table,
    run,
)
from itsmkit.issues import Issue, from_row, to_row
from itsmkit.repo.files import is_artefact_path
from itsmkit.repo.gitdiff import Changes, changes_since, read_old
from itsmkit.validator import ValidationReport

if TYPE_CHECKING:
    from itsmkit.config import Config
    from itsmkit.incremental import IncrementalStats
    from itsmkit.repo.cache import FileResult


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
        judge=judge_revision,
    )
    scope = plan.scope
    scope.stats = outcome.stats
    if scope.whole:
        scope.changed = list(plan.files)
        scope.files = list(plan.files)
        return ValidationReport.of(outcome, started), scope
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


def _outline(result: FileResult) -> tuple[Any, ...]:
    """A summary of what ``result`` defines and refers to, its issues left out."""
    return (
        (),
        result.failed,
        *definitions(result),
        "",
        (),
        (),
        (),
        None,
    )


def judge_revision(
    state: RunState,
    other: Revision,
    files: list[str],
    digests: list[bytes | None],
    detail: Detail,
    memo: dict[str, Any],
    previous: dict[str, Any],
) -> None:
    """Fill ``detail``: the revision's summaries of the files that differ, what may differ.

    Only the differing files are parsed (from the revision's bytes); the rest is the
    tree's summaries. See :class:`itsmkit.incremental.Detail` for why the other issues
    cannot differ. The
    memoised rules' results for the revision are kept in ``memo`` too (``then:NAME``),
    and the tree the previous run judged (``previous``) is often the revision: the tree
    a pre-commit run validated is the one committed next.
    """
    from itsmkit.repo import cache as store
    from itsmkit.repo.loader import parse_bytes
    from itsmkit.rules.crossfile import reference_issues

    then = RunState(state.root, state.config, state.today, write=False, read=state.read)
    then.stats = state.stats
    then._files = state._files
    then.results = {rel: r for rel, r in state.results.items() if rel not in other.raws}
    then_digest = {rel: store.digest_of(raw) for rel, raw in other.raws.items()}
    then_own = detail.then_summaries
    for rel in sorted(other.raws):
        parsed = parse_bytes(rel, other.raws[rel], state.limits)
        then.results[rel] = store.result_of(parsed, state.time_zone)
        then_own[rel] = _outline(then.results[rel])
    now = detail.summaries
    differ = other.changed
    fresh = [now[rel] for rel in differ]
    fresh.extend(then_own.values())
    detail.defined = {a[0] for s in fresh for a in s[ARTS]} | {
        f[0] for s in fresh for f in s[FAILED]
    }
    detail.targets = {r[2] for s in fresh for r in s[REFS]}

    def then_all() -> dict[str, tuple[Any, ...]]:
        """Every summary of the revision's state (built only when needed)."""
        return {rel: then_own[rel] if rel in then_own else now[rel] for rel in other.files}

    kind_now, failed_now, kinds_now = state.index or id_index(now)
    kind_then, failed_then = kind_now, failed_now
    if any(
        _defines(now.get(rel)) != _defines(then_own.get(rel)) for rel in differ | then_own.keys()
    ):
        # The revision's index (the last definition of an id wins, in the revision's
        # order); the same as the tree's when every differing file defines the same ids.
        kind_then, failed_then, _ = id_index(then_all())
    kinds_then = kinds_now.copy()
    kinds_then.subtract(a[1] for rel in differ for a in now[rel][ARTS])
    kinds_then.update(a[1] for s in then_own.values() for a in s[ARTS])
    defined = detail.defined
    if any(
        kind_now.get(d) != kind_then.get(d) or failed_now.get(d) != failed_then.get(d)
        for d in defined
    ):  # ids appeared, went or changed kind: the hints of unknown references may change
        unknown = [
            (rel, artefact, loc, target, allowed)
            for rel in files
            if rel not in differ
            for artefact, loc, target, allowed in now[rel][REFS]
            if target not in defined and target not in kind_now and target not in failed_now
        ]
        detail.now_part.extend(reference_issues(unknown, kind_now, failed_now))
        detail.then_part.extend(reference_issues(unknown, kind_then, failed_then))
    # A rule's key is the same in both states when no differing file holds a kind it
    # reads, in either state, and the rest of its key is the same: then it says the same.
    held = {a[1] for rel in differ for a in now[rel][ARTS]}
    held.update(a[1] for s in then_own.values() for a in s[ARTS])
    table_now = {n: (w, e) for n, w, e in rule_table(state, failed_now, kinds_now)}
    table_then = {n: (w, e) for n, w, e in rule_table(then, failed_then, kinds_then)}

    def suspect(name: str) -> bool:
        mine = table_now.get(name)
        if mine is None or mine != table_then.get(name):
            return True
        return bool(held) and (mine[0] is None or not held.isdisjoint(mine[0]))

    suspects = {name for name in table_now.keys() | table_then.keys() if suspect(name)}
    if not suspects:
        return
    rules_now = {
        n: (k, c)
        for n, k, c in keyed_rules(state, files, digests, now, failed_now, kinds_now, suspects)
    }
    where = {rel: digests[i] for i, rel in enumerate(files)}
    then_list = [then_digest[rel] if rel in then_digest else where.get(rel) for rel in other.files]
    rules_then = {
        n: (k, c)
        for n, k, c in keyed_rules(
            then, other.files, then_list, then_all(), failed_then, kinds_then, suspects
        )
    }
    for name in sorted(suspects):
        mine, theirs = rules_now.get(name), rules_then.get(name)
        if mine is not None and theirs is not None and mine[0] == theirs[0]:
            continue  # the same input: the same issues
        kept = f"then:{name}"
        if mine is not None:
            found = _recall(mine[0], memo.get(name), memo.get(kept))
            detail.now_part.extend(mine[1]() if found is None else found)
        if theirs is not None:
            found = _recall(theirs[0], memo.get(kept), previous.get(name), memo.get(name))
            if found is None:
                state.stats.rules_run.append(name)
                found = theirs[1]()
            memo[kept] = (theirs[0], tuple(map(to_row, found)))
            detail.then_part.extend(found)


def _defines(summary: tuple[Any, ...] | None) -> tuple[Any, ...]:
    """What a file's summary defines, as the id index reads it (None: no such file)."""
    return (summary[ARTS], summary[FAILED]) if summary is not None else ((), ())


def _recall(key: bytes, *entries: tuple[bytes, Any] | None) -> list[Issue] | None:
    """The issues of the first memo entry stored under ``key``, if any."""
    for entry in entries:
        if entry is not None and entry[0] == key:
            return [from_row(r) for r in entry[1]]
    return None
