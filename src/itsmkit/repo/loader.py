"""Load a company repository: configuration, then every artefact, collecting issues.

Each file is read with the fast libyaml path and validated by its kind's model. Nothing
stops at the first problem: every issue is collected, located later by
:mod:`itsmkit.repo.positions`.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from itsmkit.catalogue import make
from itsmkit.config import CONFIG_FILE, Config, Limits
from itsmkit.errors import FileSystemError, RepositoryNotFoundError
from itsmkit.fsutil import read_regular_bytes
from itsmkit.issues import Issue, Loc
from itsmkit.model.base import Artefact
from itsmkit.model.registry import BATCH_KIND, KINDS, batchable_kinds
from itsmkit.repo.files import find_files
from itsmkit.repo.schema_issues import issues_from_error
from itsmkit.repo.yamlread import ReadProblem, read
from itsmkit.textsafe import LINE_SEPARATORS, describe, may_hold_unsafe, unsafe_in

if TYPE_CHECKING:
    from itsmkit.repo.cache import CacheStats

PLACEHOLDER = re.compile(r"\[\[[^\]\n]{0,200}\]\]")


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

    def by_kind(self, kind: str) -> Iterator[Loaded]:
        """Artefacts of one kind."""
        return (a for a in self.artefacts if a.artefact.kind == kind)


def find_root(start: Path) -> Path:
    """The repository root: ``start`` or the nearest parent holding ``itsmkit.yaml``."""
    start = start.resolve()
    if not start.exists():
        raise RepositoryNotFoundError(path=start, reason="no such folder")
    if start.is_file():
        start = start.parent
    for candidate in (start, *start.parents):
        config = candidate / CONFIG_FILE
        if config.is_file():
            return candidate
        if config.exists() or config.is_symlink():
            read_regular_bytes(config)  # names what it is (a FIFO, a broken link...)
            return candidate
    raise RepositoryNotFoundError(
        path=start, reason=f"no {CONFIG_FILE} here or in any parent folder"
    )


def _problem_issue(problem: ReadProblem, rel: str) -> Issue:
    return make(
        problem.code,
        problem.message,
        rel,
        line=problem.line or 1,
        column=problem.column or 1,
        hint=problem.hint,
    )


def load_config(root: Path) -> tuple[Config | None, list[Issue]]:
    """Read and validate ``itsmkit.yaml``."""
    path = root / CONFIG_FILE
    raw = read_regular_bytes(path)
    result = read(raw)
    issues = [_problem_issue(p, CONFIG_FILE) for p in result.problems]
    if not result.ok:
        return None, issues
    if not isinstance(result.data, dict):
        issues.append(
            make(
                "config-invalid",
                "itsmkit.yaml must be a mapping of settings",
                CONFIG_FILE,
                line=1,
                column=1,
            )
        )
        return None, issues
    if may_hold_unsafe(raw):
        issues.extend(_unsafe_text(result.data, CONFIG_FILE))
    try:
        return Config.model_validate(result.data), issues
    except ValidationError as exc:
        for issue in issues_from_error(exc, Config, CONFIG_FILE):
            issues.append(
                make("config-invalid", issue.message, CONFIG_FILE, loc=issue.loc, hint=issue.hint)
            )
        return None, issues


def _kind_issue(data: dict[str, Any], rel: str, prefix: Loc, allowed: Iterable[str]) -> Issue:
    kind = data.get("kind")
    options = list(allowed)
    if kind is None:
        return make(
            "kind-missing",
            "no 'kind' key: every artefact declares its kind",
            rel,
            loc=prefix,
            artefact=_id_of(data),
            hint="Add `kind:` first, e.g. `kind: sla`; `itsmkit kinds` lists them all.",
        )
    guess = difflib.get_close_matches(str(kind), options, n=1, cutoff=0.6)
    hint = f"Did you mean '{guess[0]}'?" if guess else "`itsmkit kinds` lists the known kinds."
    return make(
        "kind-unknown",
        f"unknown kind {kind!r}",
        rel,
        loc=(*prefix, "kind"),
        artefact=_id_of(data),
        hint=hint,
    )


def _id_of(data: dict[str, Any]) -> str | None:
    value = data.get("id")
    return value if isinstance(value, str) else None


def _validate_one(data: dict[str, Any], rel: str, prefix: Loc, into: Repository) -> None:
    kind = data.get("kind")
    model = KINDS.get(kind) if isinstance(kind, str) else None  # a list is unhashable
    if model is None:
        into.issues.append(_kind_issue(data, rel, prefix, KINDS))
        return
    try:
        artefact = model.model_validate(data)
    except ValidationError as exc:
        ident = _id_of(data)
        into.issues.extend(issues_from_error(exc, model, rel, prefix=prefix, artefact=ident))
        if ident is not None:
            into.failed[ident] = model.kind_name
        return
    into.artefacts.append(Loaded(artefact, rel, prefix))


def _load_batch(data: dict[str, Any], rel: str, into: Repository) -> None:
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
                    artefact=_id_of(item),
                )
            )
            continue
        merged = {"kind": of, "schema_version": version, **item}
        _validate_one(merged, rel, prefix, into)


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
        parsed.issues.extend(_placeholders(raw, rel, _id_of(data)))
    if may_hold_unsafe(raw):
        parsed.issues.extend(_unsafe_text(data, rel))
    parsed.data = data
    return parsed


def _unsafe_text(data: dict[str, Any], rel: str) -> Iterator[Issue]:
    for loc, char in unsafe_in(data):
        item = data
        if len(loc) > 2 and loc[0] == "items" and isinstance(data.get("items"), list):
            found = data["items"][loc[1]]
            item = found if isinstance(found, dict) else data
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        yield make(
            "text-control-char",
            f"{where} holds {describe(char)}, which Word documents cannot hold"
            if char not in LINE_SEPARATORS
            else f"{where} holds {describe(char)}, which would break the line in documents",
            rel,
            loc=loc,
            artefact=_id_of(item),
        )


def _placeholders(raw: bytes, rel: str, artefact: str | None) -> Iterator[Issue]:
    text = raw.decode("utf-8", errors="replace")
    for match in PLACEHOLDER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        yield make(
            "placeholder",
            f"placeholder left: {match.group(0)}",
            rel,
            line=line,
            column=column,
            artefact=artefact,
        )


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


def add_parsed(parsed: Parsed, into: Repository) -> None:
    """Validate a parsed file against its kind's model and add the result to ``into``."""
    into.issues.extend(parsed.issues)
    data = parsed.data
    if data is None:
        return
    if data.get("kind") == BATCH_KIND:
        _load_batch(data, parsed.rel, into)
    else:
        _validate_one(data, parsed.rel, (), into)


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
    from itsmkit.repo.cache import disabled_by_env
    from itsmkit.repo.pool import gc_paused

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
    config, config_issues = load_config(root)
    repo = Repository(root=root, config=config, issues=list(config_issues), started_ns=started_ns)
    limits = config.limits.to_limits() if config else Limits()
    fileset = find_files(root, config.exclude if config else [])
    repo.files = fileset.files
    repo.issues.extend(fileset.issues)
    total = len(fileset.files)
    if cache:
        from itsmkit.repo.cache import load_files

        repo.cache = load_files(repo, limits, jobs, write=write is True)
        if progress is not None:
            progress(total, total)
        return repo
    for done, parsed in enumerate(parse_all(root, fileset.files, limits, jobs), 1):
        add_parsed(parsed, repo)
        if progress is not None:
            progress(done, total)
    return repo
