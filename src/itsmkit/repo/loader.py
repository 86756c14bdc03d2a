"""Load a company repository: configuration, then every artefact, collecting issues.

Each file is read with the fast libyaml path and validated by its kind's model. Nothing
stops at the first problem: every issue is collected, located later by
:mod:`itsmkit.repo.positions`.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from itsmkit.catalogue import make
from itsmkit.config import Config, Limits, time_zone_of
from itsmkit.errors import FileSystemError
from itsmkit.fsutil import read_regular_bytes
from itsmkit.issues import Issue, Loc, Severity
from itsmkit.model.base import Artefact
from itsmkit.model.registry import BATCH_KIND, KINDS, batchable_kinds
from itsmkit.repo.files import find_files
from itsmkit.repo.localtimes import (
    given_offsets,
    localised_first,
    timestamp_fields,
)
from itsmkit.repo.root import find_root as find_root
from itsmkit.repo.root import id_of
from itsmkit.repo.root import load_config as load_config
from itsmkit.repo.root import placeholders as _placeholders
from itsmkit.repo.root import problem_issue as _problem_issue
from itsmkit.repo.root import unsafe_text as _unsafe_text
from itsmkit.repo.schema_issues import issues_from_error
from itsmkit.textsafe import may_hold_unsafe

if TYPE_CHECKING:
    from itsmkit.repo.cache import CacheStats


@dataclass(frozen=True, slots=True)
class Loaded:
    """A valid artefact and where it came from."""

    artefact: Artefact
    file: str
    prefix: Loc = ()

    def __reduce__(self) -> tuple[type[Loaded], tuple[Artefact, str, Loc]]:
        """Pickle as a constructor call: the file cache loads these several times faster."""
        return (Loaded, (self.artefact, self.file, self.prefix))


@dataclass(slots=True)
class Repository:
    """Everything loaded from a company repository."""

    root: Path
    config: Config | None
    artefacts: list[Loaded] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    """Ids of artefacts that failed validation → their declared kind (to avoid cascades)."""
    cache: CacheStats | None = None
    """What the file cache did in this load (None when it was not used)."""
    started_ns: int = 0
    """``time.time_ns()`` just before the files were read: a file changed since is newer."""

    _kinds: dict[str, list[int]] = field(default_factory=dict, repr=False, compare=False)
    _kinds_of: tuple[int, int] = field(default=(0, -1), repr=False, compare=False)
    """Which list (and how long) ``_kinds`` indexes: rebuilt when artefacts are added."""

    def _index(self) -> dict[str, list[int]]:
        seen = (id(self.artefacts), len(self.artefacts))
        if self._kinds_of != seen:
            kinds: dict[str, list[int]] = {}
            for n, item in enumerate(self.artefacts):
                kinds.setdefault(item.artefact.kind, []).append(n)
            self._kinds, self._kinds_of = kinds, seen
        return self._kinds

    def by_kind(self, kind: str) -> Iterator[Loaded]:
        """Artefacts of one kind, in load order (indexed once, not scanned each time)."""
        artefacts = self.artefacts
        return (artefacts[n] for n in self._index().get(kind, ()))

    def of_kinds(self, kinds: Iterable[str]) -> list[Loaded]:
        """Artefacts of any of ``kinds``, in load order."""
        index = self._index()
        lists = [index[k] for k in dict.fromkeys(kinds) if k in index]
        if len(lists) == 1:
            return [self.artefacts[n] for n in lists[0]]
        return [self.artefacts[n] for n in sorted(n for found in lists for n in found)]


def _kind_issue(data: dict[str, Any], rel: str, prefix: Loc, allowed: Iterable[str]) -> Issue:
    kind = data.get("kind")
    options = list(allowed)
    if kind is None:
        return make(
            "kind-missing",
            "no 'kind' key: every artefact declares its kind",
            rel,
            loc=prefix,
            artefact=id_of(data),
            hint="Add `kind:` first, e.g. `kind: sla`; `itsmkit kinds` lists them all.",
        )
    guess = difflib.get_close_matches(str(kind), options, n=1, cutoff=0.6)
    hint = f"Did you mean '{guess[0]}'?" if guess else "`itsmkit kinds` lists the known kinds."
    return make(
        "kind-unknown",
        f"unknown kind {kind!r}",
        rel,
        loc=(*prefix, "kind"),
        artefact=id_of(data),
        hint=hint,
    )


def _validate_one(
    data: dict[str, Any], rel: str, prefix: Loc, into: Repository, time_zone: str
) -> None:
    kind = data.get("kind")
    model = KINDS.get(kind) if isinstance(kind, str) else None  # a list is unhashable
    if model is None:
        into.issues.append(_kind_issue(data, rel, prefix, KINDS))
        return
    stamps = timestamp_fields(model)
    if stamps:  # written without an offset: the repository's time zone
        notes: list[Issue] = []
        data = localised_first(data, stamps, time_zone, rel, prefix, notes)
        if notes:
            into.issues.extend(notes)
            if any(n.severity is Severity.ERROR for n in notes):
                _validate_failed(model, data, rel, prefix, into)
                return
    try:
        artefact = model.model_validate(data)
    except ValidationError as exc:
        ident = id_of(data)
        error: ValidationError | None = exc
        # Timestamps without an offset: read in the repository's zone, validate again.
        fixed = given_offsets(data, exc, time_zone, rel, prefix, ident)
        if fixed is not None:
            into.issues.extend(fixed[1])
            try:
                artefact = model.model_validate(fixed[0])
                error = None
            except ValidationError as again:
                error = again
            if error is None and all(n.severity is not Severity.ERROR for n in fixed[1]):
                into.artefacts.append(Loaded(artefact, rel, prefix))
                return
        if error is not None:
            into.issues.extend(issues_from_error(error, model, rel, prefix=prefix, artefact=ident))
        if ident is not None:
            into.failed[ident] = model.kind_name
        return
    into.artefacts.append(Loaded(artefact, rel, prefix))


def _validate_failed(
    model: type[Artefact], data: dict[str, Any], rel: str, prefix: Loc, into: Repository
) -> None:
    """An item already in error: its other errors too, and its id registered (no cascade)."""
    ident = id_of(data)
    try:
        model.model_validate(data)
    except ValidationError as exc:
        into.issues.extend(issues_from_error(exc, model, rel, prefix=prefix, artefact=ident))
    if ident is not None:
        into.failed[ident] = model.kind_name


def _load_batch(data: dict[str, Any], rel: str, into: Repository, time_zone: str) -> None:
    of = data.get("of")
    allowed = batchable_kinds()
    if of not in allowed:
        into.issues.append(
            make(
                "batch-kind",
                f"a batch must say which kind it holds: `of:` is {of!r}",
                rel,
                loc=("of",) if "of" in data else (),
                hint="Use `of:` with one of: " + ", ".join(allowed) + ".",
            )
        )
        return
    extra = sorted(set(data) - {"kind", "of", "schema_version", "items"})
    for key in extra:
        into.issues.append(
            make(
                "schema-unknown-key",
                f"unknown key '{key}' in batch",
                rel,
                loc=(key,),
                hint="A batch holds `kind`, `of`, `schema_version` and `items`.",
            )
        )
    version = data.get("schema_version")
    items = data.get("items")
    if not isinstance(items, list):
        into.issues.append(
            make(
                "schema-missing-key",
                "a batch needs an `items:` list",
                rel,
                loc=("items",) if "items" in data else (),
            )
        )
        return
    for index, item in enumerate(items):
        prefix: Loc = ("items", index)
        if not isinstance(item, dict):
            into.issues.append(
                make("yaml-not-mapping", f"batch item {index} is not a mapping", rel, loc=prefix)
            )
            continue
        if "kind" in item and item["kind"] != of:
            into.issues.append(
                make(
                    "batch-kind",
                    f"item of kind {item['kind']!r} in a batch of {of!r}",
                    rel,
                    loc=(*prefix, "kind"),
                    artefact=id_of(item),
                )
            )
            continue
        merged = {"kind": of, "schema_version": version, **item}
        _validate_one(merged, rel, prefix, into, time_zone)


@dataclass(slots=True)
class Parsed:
    """One file read and parsed, before validation: plain, picklable data.

    Worker processes return these, so the parent validates with the models it already
    has; plain dicts pickle several times faster than validated models.
    """

    rel: str
    data: Any = None
    issues: list[Issue] = field(default_factory=list)
    digest: bytes | None = None
    """The content key of the bytes read, when asked for (see :mod:`itsmkit.repo.cache`)."""


def parse_bytes(rel: str, raw: bytes, limits: Limits) -> Parsed:
    """Read one file's bytes: YAML problems and placeholders as issues, data if usable."""
    from itsmkit.repo.yamlread import read  # not on a warm run: nothing is parsed

    result = read(raw, limits)
    parsed = Parsed(rel, issues=[_problem_issue(p, rel) for p in result.problems])
    if not result.ok:
        return parsed
    data = result.data
    if not isinstance(data, dict):
        parsed.issues.append(
            make(
                "yaml-not-mapping", "the top level must be a mapping of keys", rel, line=1, column=1
            )
        )
        return parsed
    if b"[[" in raw:
        parsed.issues.extend(_placeholders(raw, rel, id_of(data)))
    if may_hold_unsafe(raw):
        parsed.issues.extend(_unsafe_text(data, rel))
    parsed.data = data
    return parsed


def parse_path(root: Path, rel: str, limits: Limits, *, digest: bool = False) -> Parsed:
    """Read and parse the file ``rel`` under ``root`` (and hash its bytes if ``digest``)."""
    try:
        raw = read_regular_bytes(root / rel)
    except FileSystemError as exc:
        return Parsed(
            rel,
            issues=[
                make("path-unreadable", f"cannot read file: {exc.reason}", rel, line=1, column=1)
            ],
        )
    parsed = parse_bytes(rel, raw, limits)
    if digest:
        from itsmkit.repo.cache import digest_of

        parsed.digest = digest_of(raw)
    return parsed


def add_parsed(parsed: Parsed, into: Repository, time_zone: str | None = None) -> None:
    """Validate a parsed file against its kind's model and add the result to ``into``.

    ``time_zone`` is the zone of timestamps written without an offset (by default the
    repository's ``time_zone``).
    """
    into.issues.extend(parsed.issues)
    data = parsed.data
    if data is None:
        return
    zone = time_zone or time_zone_of(into.config)
    if data.get("kind") == BATCH_KIND:
        _load_batch(data, parsed.rel, into, zone)
    else:
        _validate_one(data, parsed.rel, (), into, zone)


def load_file(rel: str, raw: bytes, limits: Limits, into: Repository) -> None:
    """Read one file and add its artefacts and issues to ``into``."""
    add_parsed(parse_bytes(rel, raw, limits), into)


def load_repository(
    path: Path,
    *,
    jobs: int | None = None,
    cache: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Repository:
    """Load the repository at (or above) ``path``.

    Args:
        path: the repository, or a folder or file inside it.
        jobs: worker processes that read and parse files; None chooses (none for
            small trees, see :func:`itsmkit.repo.pool.choose_jobs`, else one per free CPU
            up to four), 1 never starts any. Results do not depend on it.
        cache: reuse what unchanged files yielded last time (see
            :mod:`itsmkit.repo.cache`): True reads and updates the cache, None only
            reads it (commands that must write nothing), False ignores it; with
            ``ITSMKIT_NO_CACHE`` set, always False. Results do not depend on it either.
        progress: called with (files read, files in all) as files are read.
    """
    from itsmkit.gcpause import gc_paused
    from itsmkit.repo.cache import disabled_by_env

    with gc_paused():
        return _load_repository(
            path, jobs, cache is not False and not disabled_by_env(), cache, progress
        )


def _load_repository(
    path: Path,
    jobs: int | None,
    cache: bool,
    write: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Repository:
    from itsmkit.repo.pool import parse_all

    started_ns = time.time_ns()
    root = find_root(path)
    # The settings' memo follows the file cache: read and updated, only read, or ignored.
    config, config_issues = load_config(
        root, cache=(True if write is True else None) if cache else False
    )
    repo = Repository(root=root, config=config, issues=list(config_issues), started_ns=started_ns)
    limits = config.limits.to_limits() if config else Limits()
    fileset = find_files(root, config.exclude if config else [])
    repo.files = fileset.files
    repo.issues.extend(fileset.issues)
    total = len(fileset.files)
    if cache:
        from itsmkit.repo.cache import load_files

        repo.cache = load_files(repo, limits, jobs, write=write is True, progress=progress)
        return repo
    for done, parsed in enumerate(parse_all(root, fileset.files, limits, jobs), 1):
        add_parsed(parsed, repo)
        if progress is not None:
            progress(done, total)
    return repo
