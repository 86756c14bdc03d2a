"""Errors raised by the itsmkit library.

Every exception derives from :class:`ItsmkitError`, carries its facts as attributes and
never prints. The CLI turns them into messages and exit codes in one place.
"""

from __future__ import annotations

from pathlib import Path


class ItsmkitError(Exception):
    """Root of every error itsmkit raises on purpose."""

    hint: str | None = None


class UsageError(ItsmkitError):
    """The user asked for something that cannot be done as asked."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class RepositoryNotFoundError(ItsmkitError):
    """A path given as a company repository is not one."""

    def __init__(self, *, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.hint = (
            "Point itsmkit at a folder holding itsmkit.yaml, or create one with `itsmkit init`."
        )


class ConfigError(ItsmkitError):
    """``itsmkit.yaml`` is missing, unreadable or invalid."""

    def __init__(self, *, path: Path, problems: list[str]) -> None:
        joined = "; ".join(problems)
        super().__init__(f"{path}: invalid configuration: {joined}")
        self.path = path
        self.problems = problems
        self.hint = "Run `itsmkit validate` for positions, or compare with `itsmkit init` output."


class WriteConflictError(ItsmkitError):
    """A command would overwrite files that already exist."""

    def __init__(self, *, paths: list[Path]) -> None:
        shown = ", ".join(str(p) for p in paths[:10])
        more = f" and {len(paths) - 10} more" if len(paths) > 10 else ""
        super().__init__(f"refusing to overwrite {len(paths)} existing file(s): {shown}{more}")
        self.paths = paths
        self.hint = "Move them away, or pass --force to overwrite."


class ImportProblem:
    """One reason a helpdesk export cannot be imported, placed in the export."""

    __slots__ = ("column", "file", "hint", "message", "row")

    def __init__(
        self, file: str, row: int | None, column: str | None, message: str, hint: str | None
    ) -> None:
        self.file, self.row, self.column, self.message, self.hint = file, row, column, message, hint

    def __str__(self) -> str:
        where = self.file + (f":{self.row}" if self.row else "")
        col = f": column {self.column!r}" if self.column else ""
        return f"{where}{col}: {self.message}"


class ImportDataError(ItsmkitError):
    """A helpdesk export holds values the mapping does not cover; nothing was written."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        shown = "\n  ".join(str(p) for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"import stopped, nothing written ({len(problems)} problem(s)):\n  {shown}{more}"
        )
        hints = list(dict.fromkeys(p.hint for p in problems if p.hint))
        self.hint = " ".join(hints[:3]) or None
