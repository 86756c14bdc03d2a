"""``validate --changed``: the issues of what changed since a revision, exactly as a full run.

The report is a full (cached) validation filtered to the *affected* files, so every issue
shown is the one a full run shows, in the same order, at the same position. A file is
affected when:

1. it changed: added, modified or untracked since the revision (the working tree is
   compared, so staged, unstaged and untracked changes all count);
2. it holds an artefact that refers to an id defined, now or at the revision, in a
   changed or deleted file (a deleted or renamed service breaks its incidents), or that
   defines such an id (duplicates);
3. it defines an id that a changed or deleted file refers to, now or at the revision
   (an SLA that drops a service leaves the service uncovered);
4. its cross-file issues differ between the revision and now: the repository rules are
   run once more over the revision's versions of the changed files, so effects that no
   reference shows (a record changing a service report's figures, an SLA failing
   validation, a did-you-mean hint) are caught too.

Issues not located in an artefact file (``itsmkit.yaml``, the walk of the tree, an
interrupted write) are always shown: they change how every file is read. When
``itsmkit.yaml`` itself changed, or there is no commit to compare with, every file is
affected and the result is the full run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from itsmkit.config import CONFIG_FILE
from itsmkit.issues import Issue
from itsmkit.repo.gitdiff import Changes, changes_since, is_artefact_path, read_old
from itsmkit.repo.loader import Loaded, Repository, add_parsed, parse_bytes, parse_path
from itsmkit.rules.repository import run_all
from itsmkit.rules.walk import references
from itsmkit.validator import ValidationReport, validate


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


def _key(issue: Issue) -> tuple[Any, ...]:
    """What an issue says, without its position (cross-file issues have none yet)."""
    return (issue.severity, issue.code, issue.message, issue.hint, issue.artefact, issue.loc)


def _ids(items: Iterable[Loaded], failed: Iterable[str]) -> set[str]:
    return {item.artefact.id for item in items} | set(failed)


def _targets(items: Iterable[Loaded]) -> set[str]:
    return {target for item in items for _, target, _ in references(item.artefact, item.prefix)}


def _parse(repo: Repository, contents: dict[str, bytes | None]) -> Repository:
    """Load just these files (None: read from disk) into a repository of their own."""
    from itsmkit.config import Limits

    limits = repo.config.limits.to_limits() if repo.config else Limits()
    part = Repository(root=repo.root, config=repo.config)
    for rel in sorted(contents):
        raw = contents[rel]
        parsed = (
            parse_path(repo.root, rel, limits) if raw is None else parse_bytes(rel, raw, limits)
        )
        add_parsed(parsed, part)
    return part


def scope_of(repo: Repository, changes: Changes, today: dt.date, issues: list[Issue]) -> Scope:
    """The files affected by ``changes``; ``issues`` is the full run's (positioned) list."""
    scope = Scope(rev=changes.rev, commit=changes.commit)
    if changes.commit is None:
        scope.whole = "the git repository has no commit yet"
    elif CONFIG_FILE in changes.differ or CONFIG_FILE not in changes.before:
        scope.whole = f"{CONFIG_FILE} changed"
    if scope.whole:
        scope.changed = list(repo.files)
        scope.files = list(repo.files)
        return scope
    exclude = repo.config.exclude if repo.config else []
    now = set(repo.files)
    before = {rel for rel in changes.before if is_artefact_path(rel, exclude)}
    changed = {rel for rel in repo.files if rel not in before or rel in changes.differ}
    gone = before - now
    old_of = sorted((before & changes.differ & now) | gone)
    scope.changed = sorted(changed)
    scope.deleted = sorted(gone)
    if not changed and not gone:
        return scope

    fresh = _parse(repo, dict.fromkeys(changed))  # the changed files' own results, now
    old = _parse(repo, dict(read_old(repo.root, changes, old_of)))  # ... at the revision
    defined = _ids(fresh.artefacts, fresh.failed) | _ids(old.artefacts, old.failed)
    targets = _targets(fresh.artefacts) | _targets(old.artefacts)
    affected = set(changed)
    for item in repo.artefacts:
        if item.file in affected:
            continue
        ident = item.artefact.id
        if (
            ident in defined
            or ident in targets
            or any(t in defined for _, t, _ in references(item.artefact, item.prefix))
        ):
            affected.add(item.file)
    affected |= _differing(repo, fresh, old, changed, gone, today, issues)
    scope.files = sorted(affected & now)
    return scope


def _differing(
    repo: Repository,
    fresh: Repository,
    old: Repository,
    changed: set[str],
    gone: set[str],
    today: dt.date,
    issues: list[Issue],
) -> set[str]:
    """Unchanged files whose issues at the revision differ from their issues now."""
    replaced = changed | gone
    failed = {k: v for k, v in repo.failed.items() if k not in fresh.failed}
    failed.update(old.failed)
    artefacts = [item for item in repo.artefacts if item.file not in replaced]
    artefacts.extend(old.artefacts)
    artefacts.sort(key=lambda item: item.file)  # stable: each file keeps its order
    files = sorted((set(repo.files) - changed) | set(old.files) | gone)
    before = Repository(
        root=repo.root, config=repo.config, artefacts=artefacts, files=files, failed=failed
    )
    then: dict[str, Counter[tuple[Any, ...]]] = defaultdict(Counter)
    for issue in repo.issues:  # the per-file issues of unchanged files are the same then
        if issue.file not in replaced:
            then[issue.file][_key(issue)] += 1
    for issue in run_all(before, today):
        if issue.file not in replaced:
            then[issue.file][_key(issue)] += 1
    now: dict[str, Counter[tuple[Any, ...]]] = defaultdict(Counter)
    for issue in issues:
        if issue.file not in replaced:
            now[issue.file][_key(issue)] += 1
    return {rel for rel in then.keys() | now.keys() if then.get(rel) != now.get(rel)}


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
        cache: as for :func:`itsmkit.validator.validate`.
        progress: as for :func:`itsmkit.validator.validate`.

    Raises:
        RevisionError: not a git repository, or no such revision (a shallow clone says
            what to fetch).
    """
    from itsmkit.repo.loader import find_root

    changes = changes_since(find_root(path), rev)  # fails fast, before reading anything
    if changes.commit is not None and not any(
        rel == CONFIG_FILE or is_artefact_path(rel, []) for rel in changes.differ
    ):  # no YAML file differs (a README may): perhaps nothing to check at all
        quiet = _unchanged(path, changes, jobs=jobs, cache=cache, progress=progress)
        if quiet is not None:
            return quiet
    full, repo = validate(path, today=today, jobs=jobs, cache=cache, progress=progress)
    reference = repo.config.reference_date if repo.config else None
    scope = scope_of(repo, changes, today or reference or dt.date.today(), full.issues)
    chosen = set(scope.files)
    every = set(repo.files)
    issues = [i for i in full.issues if i.file in chosen or repository_wide(i, every)]
    kinds = Counter(item.artefact.kind for item in repo.artefacts if item.file in chosen)
    report = replace(
        full,
        issues=issues,
        files=len(chosen),
        artefacts=sum(kinds.values()),
        kinds=dict(sorted(kinds.items())),
    )
    return report, scope


def _unchanged(
    path: Path,
    changes: Changes,
    *,
    jobs: int | None,
    cache: bool | None,
    progress: Callable[[int, int], None] | None,
) -> tuple[ValidationReport, Scope] | None:
    """Nothing differs from the revision: the load alone, no rules (None if files were added).

    With no file changed, added or deleted, no artefact file is affected and the report
    holds only the repository-wide issues, which the load finds; the rules are skipped.
    """
    import time

    from itsmkit.repo.loader import load_repository
    from itsmkit.repo.pool import gc_paused
    from itsmkit.repo.positions import resolve

    started = time.perf_counter()
    with gc_paused():
        repo = load_repository(path, jobs=jobs, cache=cache, progress=progress)
    exclude = repo.config.exclude if repo.config else []
    before = {rel for rel in changes.before if is_artefact_path(rel, exclude)}
    differ = {rel for rel in changes.differ if is_artefact_path(rel, exclude)}
    if CONFIG_FILE not in changes.before or differ or set(repo.files) != before:
        return None  # added (untracked or ignored) or deleted files: the full path
    every = set(repo.files)
    issues = resolve(repo.root, [i for i in repo.issues if repository_wide(i, every)])
    issues.sort(key=Issue.sort_key)
    report = ValidationReport(
        root=repo.root, issues=issues, files=0, artefacts=0, seconds=time.perf_counter() - started
    )
    return report, Scope(rev=changes.rev, commit=changes.commit)
