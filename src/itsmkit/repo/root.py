"""Find a company repository and read its configuration, without building any model.

Every command starts here; the incremental validator's warm path needs nothing more
(besides the cache), so this module imports the configuration model only, not the
artefact models :mod:`itsmkit.repo.loader` builds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from itsmkit.catalogue import make
from itsmkit.config import CONFIG_FILE, Config
from itsmkit.errors import RepositoryNotFoundError
from itsmkit.fsutil import read_regular_bytes
from itsmkit.issues import Issue
from itsmkit.repo.schema_issues import issues_from_error, path_text
from itsmkit.textsafe import LINE_SEPARATORS, describe, may_hold_unsafe, unsafe_in

if TYPE_CHECKING:
    from itsmkit.repo.yamlread import ReadProblem

PLACEHOLDER = re.compile(r"\[\[[^\]\n]{0,200}\]\]")
"""A ``[[...]]`` placeholder the starters leave for the company to fill in."""


def placeholders(raw: bytes, rel: str, artefact: str | None) -> Iterator[Issue]:
    """A ``placeholder`` issue for every ``[[...]]`` left in ``raw``, at its line and column."""
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


def id_of(data: dict[str, Any]) -> str | None:
    """The ``id`` an item of data declares, if it is text."""
    value = data.get("id")
    return value if isinstance(value, str) else None


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


def problem_issue(problem: ReadProblem, rel: str) -> Issue:
    """The issue of a YAML reading problem in file ``rel``."""
    return make(
        problem.code,
        problem.message,
        rel,
        line=problem.line or 1,
        column=problem.column or 1,
        hint=problem.hint,
    )


def load_config(root: Path, *, cache: bool | None = False) -> tuple[Config | None, list[Issue]]:
    """Read and validate ``itsmkit.yaml``.

    ``cache``: True reuses (and updates) what reading and validating the same bytes gave
    last time (:mod:`itsmkit.repo.configmemo`), None only reuses it (commands that write
    nothing), False reads the file as it is.
    """
    raw = read_regular_bytes(root / CONFIG_FILE)
    if cache is not False:
        from itsmkit.repo.configmemo import recall

        remembered = recall(root, raw)
        if remembered is not None:
            return remembered
    config, issues = _settings(root, raw)
    if cache is True:
        from itsmkit.repo.configmemo import remember

        remember(root, raw, config, issues)
    return config, issues


def _settings(root: Path, raw: bytes) -> tuple[Config | None, list[Issue]]:
    data, issues = _read_settings(raw)
    if data is None:
        return None, issues
    try:
        return Config.model_validate(data), issues
    except ValidationError as exc:
        from itsmkit.repo.positions import AT_VALUE, Locator

        locator = Locator(root)
        for issue in issues_from_error(exc, Config, CONFIG_FILE):
            # config-invalid covers wrong values and wrong keys: locate it as its schema rule.
            at = locator.position(CONFIG_FILE, issue.loc, value=issue.code in AT_VALUE)
            issues.append(
                make(
                    "config-invalid",
                    issue.message,
                    CONFIG_FILE,
                    loc=issue.loc,
                    line=at[0],
                    column=at[1],
                    hint=issue.hint,
                )
            )
        return None, issues


def _read_settings(raw: bytes) -> tuple[dict[str, Any] | None, list[Issue]]:
    """The settings ``raw`` holds (None when unreadable) and the issues of reading them."""
    from itsmkit.repo.yamlread import read

    result = read(raw)
    issues = [problem_issue(p, CONFIG_FILE) for p in result.problems]
    # A placeholder left in the settings (e.g. the scope init writes) is shown like any other.
    issues.extend(placeholders(raw, CONFIG_FILE, None))
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
        issues.extend(unsafe_text(result.data, CONFIG_FILE))
    return result.data, issues


def unsafe_text(data: dict[str, Any], rel: str) -> Iterator[Issue]:
    """An issue per text value of ``data`` holding a character documents cannot hold."""
    for loc, char in unsafe_in(data):
        item = data
        if len(loc) > 2 and loc[0] == "items" and isinstance(data.get("items"), list):
            found = data["items"][loc[1]]
            item = found if isinstance(found, dict) else data
        where = path_text(loc)
        yield make(
            "text-control-char",
            f"{where} holds {describe(char)}, which Word documents cannot hold"
            if char not in LINE_SEPARATORS
            else f"{where} holds {describe(char)}, which would break the line in documents",
            rel,
            loc=loc,
            artefact=id_of(item),
        )
