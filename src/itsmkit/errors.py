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


class TemplateRefusedError(ItsmkitError):
    """A company template would be read from outside ``templates/``, or is not a text file."""

    def __init__(self, *, template: str, target: str, reason: str) -> None:
        super().__init__(f"{template}: refused, {reason} ({target})")
        self.template = template
        self.target = target
        self.reason = reason
        self.hint = (
            "Templates are read only from the repository's templates/ folder: replace the link "
            "by a regular UTF-8 file inside it, or delete it to use the built-in template."
        )
