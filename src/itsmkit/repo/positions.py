"""Give line and column to issues that only know a data path.

Only files that have such issues are parsed a second time, keeping libyaml's marks; the
fast path never pays for positions.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from itsmkit.issues import Issue, Loc

if TYPE_CHECKING:
    from yaml.nodes import Node

# Rules about a wrong value (not a wrong or missing key): their column is the value's.
AT_VALUE = frozenset(
    {
        "schema-value",
        "id-format",
        "schema-version",
        "ref-unknown",
        "ref-kind",
        "date-future",
        "timestamp-nonexistent",
        "timestamp-ambiguous",
    }
)


class Locator:
    """Lines and columns of data paths in a repository's files, each file parsed once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._nodes: dict[str, Node | None] = {}

    def position(self, rel: str, loc: Loc, *, value: bool = False) -> tuple[int, int]:
        """The 1-based line and column ``loc`` reaches in file ``rel`` (its value's)."""
        # The YAML reader only when a position is wanted: a warm run parses nothing.
        from itsmkit.repo.yamlread import compose, decode, locate

        if rel not in self._nodes:
            try:
                text, _ = decode((self.root / rel).read_bytes())
            except OSError:
                text = None
            self._nodes[rel] = compose(text) if text is not None else None
        return locate(self._nodes[rel], loc, value=value)


def resolve(root: Path, issues: Iterable[Issue], *, locator: Locator | None = None) -> list[Issue]:
    """Return ``issues`` with every missing line and column filled in.

    ``locator`` (of ``root``) is reused when given: one run that resolves several times
    re-parses each file once.
    """
    locator = locator or Locator(root)
    return [
        issue
        if issue.line is not None
        else issue.with_position(
            *locator.position(issue.file, issue.loc, value=issue.code in AT_VALUE)
        )
        for issue in issues
    ]
