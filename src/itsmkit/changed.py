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
    severity = issue.severity.value
    return (severity, issue.code, issue.message, issue.hint, issue.artefact, tuple(issue.loc))


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


def scope_of(
    repo: Repository, changes: Changes, today: dt.date, issues: list[Issue], *, memo: bool = False
) -> Scope:
    """The files affected by ``changes``; ``issues`` is the full run's (positioned) list.

    ``memo`` reuses and stores the rules' issues of whole states (see :class:`_State`).
    """
    scope = Scope(rev=changes.rev, commit=changes.commit)
    if changes.commit is None:
        scope.whole = "the git repository has no commit yet"
    elif CONFIG_FILE in changes.differ or CONFIG_FILE not in changes.before:
        scope.whole = f"{CONFIG_FILE} changed (or is new)"
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
    affected |= _differing(repo, fresh, old, changes, before, changed, gone, today, issues, memo)
    scope.files = sorted(affected & now)
    return scope


def _differing(
    repo: Repository,
    fresh: Repository,
    old: Repository,
    changes: Changes,
    before: set[str],
    changed: set[str],
    gone: set[str],
    today: dt.date,
    issues: list[Issue],
    memo: bool,
) -> set[str]:
    """Unchanged files whose issues at the revision differ from their issues now."""
    replaced = changed | gone
    state = _State(repo, changes, before, today) if memo else None
    cross_then = state.lookup(state.key_then()) if state else None
    if cross_then is None:
        failed = {k: v for k, v in repo.failed.items() if k not in fresh.failed}
        failed.update(old.failed)
        artefacts = [item for item in repo.artefacts if item.file not in replaced]
        artefacts.extend(old.artefacts)
        artefacts.sort(key=lambda item: item.file)  # stable: each file keeps its order
        files = sorted((set(repo.files) - changed) | gone)
        then_repo = Repository(
            root=repo.root, config=repo.config, artefacts=artefacts, files=files, failed=failed
        )
        cross_then = _by_file(run_all(then_repo, today))
    per_file = _by_file(repo.issues)  # the per-file issues of unchanged files are the same then
    now = _by_file(issues)
    if state:
        cross_now = {rel: now[rel] - per_file.get(rel, Counter()) for rel in now}
        state.store({state.key_then(): cross_then, state.key_now(changed): cross_now})
    then: dict[str, Counter[tuple[Any, ...]]] = defaultdict(Counter)
    for rel, keys in [*per_file.items(), *cross_then.items()]:
        if rel not in replaced:
            then[rel].update(keys)
    return {
        rel
        for rel in then.keys() | now.keys()
        if rel not in replaced and +then.get(rel, Counter()) != +now.get(rel, Counter())
    }


Keyed = dict[str, Counter[tuple[Any, ...]]]


def _by_file(issues: Iterable[Issue]) -> Keyed:
    grouped: Keyed = defaultdict(Counter)
    for issue in issues:
        grouped[issue.file][_key(issue)] += 1
    return dict(grouped)


class _State:
    """The repository rules' issues of whole states of the tree, remembered between runs.

    A state is named by what the rules read: every artefact file's path and git blob id,
    the day judged, and the itsmkit code and limits (the file cache's environment key).
    A pre-commit run stores the state it validated; the next commit's run finds it as its
    revision's and skips the second run of the rules. Kept in the cache folder as JSON
    (never unpickled); anything unreadable is ignored.
    """

    FILE = "changed.state"

    def __init__(
        self, repo: Repository, changes: Changes, before: set[str], today: dt.date
    ) -> None:
        from itsmkit.config import Limits
        from itsmkit.repo.cache import environment_key, folder
        from itsmkit.repo.loader import time_zone_of

        limits = repo.config.limits.to_limits() if repo.config else Limits()
        self.path = folder(repo.root) / self.FILE
        self.repo = repo
        self.changes = changes
        self.salt = environment_key(limits, time_zone_of(repo.config)) + today.isoformat().encode()
        self.before = before
        self._then: str | None = None

    def _name(self, entries: dict[str, str]) -> str:
        import hashlib

        digest = hashlib.blake2b(self.salt, digest_size=20)
        for rel in sorted(entries):
            digest.update(f"{rel}\0{entries[rel]}\n".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def key_then(self) -> str | None:
        """The revision's state."""
        if self._then is None:
            rels = [CONFIG_FILE, *self.before]
            if any(rel not in self.changes.blobs for rel in rels):
                self._then = ""  # a link or a submodule: not named by a blob
            else:
                self._then = self._name({rel: self.changes.blobs[rel] for rel in rels})
        return self._then or None

    def key_now(self, changed: set[str]) -> str | None:
        """The working tree's state (the changed files hashed, the others as committed)."""
        from itsmkit.repo.gitdiff import hash_files

        hashed = hash_files(self.repo.root, sorted(changed))
        entries: dict[str, str] = {}
        for rel in [CONFIG_FILE, *self.repo.files]:
            blob = hashed.get(rel) if rel in changed else self.changes.blobs.get(rel)
            if blob is None:
                return None
            entries[rel] = blob
        return self._name(entries)

    def lookup(self, key: str | None) -> Keyed | None:
        """The rules' issues per file of the state ``key``, if remembered."""
        import json

        if key is None:
            return None
        try:
            stored = json.loads(self.path.read_bytes()).get(key)
            if not isinstance(stored, dict):
                return None
            return {
                str(rel): Counter({_from_json(k): int(n) for k, n in keys})
                for rel, keys in stored.items()
            }
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            return None

    def store(self, states: dict[str | None, Keyed]) -> None:
        """Remember these states (only these: the file stays small); never fails."""
        import json

        from itsmkit.errors import ItsmkitError
        from itsmkit.fsutil import atomic_write_bytes

        data = {
            key: {
                rel: [[_to_json(k), n] for k, n in keys.items() if n > 0] for rel, keys in s.items()
            }
            for key, s in states.items()
            if key is not None
        }
        if not data or not self.path.parent.is_dir():
            return  # no cache folder: the file cache is off or cannot be written
        try:
            atomic_write_bytes(self.path, json.dumps(data).encode(), sync=False)
        except (OSError, ItsmkitError):
            return


def _to_json(key: tuple[Any, ...]) -> list[Any]:
    severity, code, message, hint, artefact, loc = key
    return [severity, code, message, hint, artefact, list(loc)]


def _from_json(item: Any) -> tuple[Any, ...]:
    severity, code, message, hint, artefact, loc = item
    return (str(severity), str(code), str(message), hint, artefact, tuple(loc))


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
    from itsmkit.repo.cache import disabled_by_env

    memo = cache is True and not disabled_by_env()
    day = today or reference or dt.date.today()
    from itsmkit.gcpause import gc_paused

    with gc_paused():  # tens of thousands of models alive: collections would cost seconds
        scope = scope_of(repo, changes, day, full.issues, memo=memo)
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

    from itsmkit.gcpause import gc_paused
    from itsmkit.repo.loader import load_repository
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
