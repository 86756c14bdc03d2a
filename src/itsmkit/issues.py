"""The issue record every check produces, and its severity scale."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any


class Severity(str, enum.Enum):
    """How serious an issue is; ``error`` fails validation, ``warning`` fails with --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort key: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding of validation, pointing at a file and, when known, a line and column.

    ``line`` and ``column`` are 1-based. ``loc`` is the path to the offending value inside
    the file's data (keys and list indexes); the loader turns it into a position only for
    files that have issues.
    """

    severity: Severity
    code: str
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    artefact: str | None = None
    loc: Loc = field(default=(), compare=False)

    def with_position(self, line: int, column: int) -> Issue:
        """Return a copy pointing at ``line``:``column``."""
        return replace(self, line=line, column=column)

    def sort_key(self) -> tuple[Any, ...]:
        """Order by file, position, then severity and code."""
        return (self.file, self.line or 0, self.column or 0, self.severity.rank, self.code)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "artefact": self.artefact,
        }


Row = tuple[str, str, str, str, int | None, int | None, str | None, str | None, Loc]
"""An issue as built-in values, for caches that unpickle no class (see :func:`to_row`)."""

_SEVERITY = {s.value: s for s in Severity}


def to_row(issue: Issue) -> Row:
    """``issue`` as built-in values, field by field (:func:`from_row` gives it back)."""
    return (
        issue.severity.value,
        issue.code,
        issue.message,
        issue.file,
        issue.line,
        issue.column,
        issue.hint,
        issue.artefact,
        tuple(issue.loc),
    )


def from_row(row: Row | tuple[Any, ...]) -> Issue:
    """The issue :func:`to_row` made ``row`` from."""
    return Issue(_SEVERITY[row[0]], *row[1:])
