"""Errors raised by the itsmkit library.

Every exception derives from :class:`ItsmkitError`, carries its facts as attributes and
never prints. Each class also carries a stable ``code`` (for the JSON error envelope) and
the ``exit_code`` the CLI ends with, so the CLI's one funnel maps any error, including
classes added later, without knowing them.
"""

from __future__ import annotations

from pathlib import Path

#: Exit codes, fixed and documented (README, docs/cli.md).
EXIT_OK = 0
EXIT_ISSUES = 1  # the command ran and found issues that fail it
EXIT_USAGE = 2  # usage error, or input that prevents running
EXIT_INTERNAL = 3  # a bug in itsmkit: please report it


class ItsmkitError(Exception):
    """Root of every error itsmkit raises on purpose."""

    #: Stable, machine-readable identity of the error (kebab-case); never reworded.
    code: str = "error"
    #: How the CLI exits on this error.
    exit_code: int = EXIT_USAGE
    hint: str | None = None

    def details(self) -> dict[str, object]:
        """The error's facts as plain JSON-ready data (paths as strings)."""
        return {}


class UsageError(ItsmkitError):
    """The user asked for something that cannot be done as asked."""

    code = "usage"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class RepositoryNotFoundError(ItsmkitError):
    """A path given as a company repository is not one."""

    code = "repository-not-found"

    def __init__(self, *, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.hint = (
            "Point itsmkit at a folder holding itsmkit.yaml, or create one with `itsmkit init`."
        )

    def details(self) -> dict[str, object]:
        """The path and why it is not a repository."""
        return {"path": str(self.path), "reason": self.reason}


class ConfigError(ItsmkitError):
    """``itsmkit.yaml`` is missing, unreadable or invalid."""

    code = "config-invalid"

    def __init__(self, *, path: Path, problems: list[str]) -> None:
        joined = "; ".join(problems)
        super().__init__(f"{path}: invalid configuration: {joined}")
        self.path = path
        self.problems = problems
        self.hint = "Run `itsmkit validate` for positions, or compare with `itsmkit init` output."

    def details(self) -> dict[str, object]:
        """The configuration file and each problem found in it."""
        return {"path": str(self.path), "problems": list(self.problems)}


class WriteConflictError(ItsmkitError):
    """A command would overwrite files that already exist."""

    code = "write-conflict"

    def __init__(self, *, paths: list[Path]) -> None:
        shown = ", ".join(str(p) for p in paths[:10])
        more = f" and {len(paths) - 10} more" if len(paths) > 10 else ""
        super().__init__(f"refusing to overwrite {len(paths)} existing file(s): {shown}{more}")
        self.paths = paths
        self.hint = "Move them away, or pass --force to overwrite."

    def details(self) -> dict[str, object]:
        """The files that would be overwritten."""
        return {"paths": [str(p) for p in self.paths]}


class MissingExtraError(ItsmkitError):
    """A feature needs an optional dependency (a pip "extra") that is not installed."""

    code = "missing-extra"

    def __init__(self, *, feature: str, extra: str, hint: str | None = None) -> None:
        super().__init__(f"{feature} needs the optional '{extra}' dependencies, not installed")
        self.feature = feature
        self.extra = extra
        self.hint = f"Install them with: pip install 'itsmkit[{extra}]'" + (
            f"; or {hint}" if hint else "."
        )

    def details(self) -> dict[str, object]:
        """The feature and the extra that provides it."""
        return {"feature": self.feature, "extra": self.extra}


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

    code = "import-data"

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        shown = "\n  ".join(str(p) for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"import stopped, nothing written ({len(problems)} problem(s)):\n  {shown}{more}"
        )
        hints = list(dict.fromkeys(p.hint for p in problems if p.hint))
        self.hint = " ".join(hints[:3]) or None

    def details(self) -> dict[str, object]:
        """Each problem with its place in the export."""
        return {
            "problems": [
                {"file": p.file, "row": p.row, "column": p.column, "message": p.message}
                for p in self.problems
            ]
        }


class TemplateRefusedError(ItsmkitError):
    """A company template would be read from outside ``templates/``, or is not a text file."""

    code = "template-refused"

    def __init__(self, *, template: str, target: str, reason: str) -> None:
        super().__init__(f"{template}: refused, {reason} ({target})")
        self.template = template
        self.target = target
        self.reason = reason
        self.hint = (
            "Templates are read only from the repository's templates/ folder: replace the link "
            "by a regular UTF-8 file inside it, or delete it to use the built-in template."
        )


_ERRNO_HINTS = {
    "ENOSPC": "The disk is full: free some space, then rerun; nothing was half-written.",
    "EDQUOT": "The disk quota is exhausted: free some space, then rerun.",
    "EACCES": "Permission denied: check the permissions of the file and its folder, "
    "or write elsewhere with -o.",
    "EPERM": "Operation not permitted: check the permissions, or write elsewhere with -o.",
    "EROFS": "The file system is read-only: write elsewhere with -o.",
    "EISDIR": "It is a folder: give a file name inside it.",
    "ENOTDIR": "A part of the path is a file, not a folder: fix the path.",
    "ENAMETOOLONG": "The name is too long for the file system: choose a shorter one.",
    "ENOENT": "Check the path: it does not exist.",
    "ELOOP": "Symbolic links loop: fix or remove the link.",
    "EXDEV": "The path crosses file systems: write inside one file system.",
}


class FileSystemError(ItsmkitError):
    """The operating system refused a read or write: named, with what to do."""

    code = "file-system"

    def __init__(self, *, path: object, reason: str, hint: str | None = None) -> None:
        shown = _shown_path(path)
        super().__init__(f"{shown}: {reason}" if shown else reason)
        self.path = shown
        self.reason = reason
        self.hint = hint

    def details(self) -> dict[str, object]:
        """The path and what the system said."""
        return {"path": self.path, "reason": self.reason}

    @classmethod
    def of(cls, exc: OSError, *, path: object = None) -> FileSystemError:
        """Name an :class:`OSError`: its path (or ``path``), its cause and the remedy."""
        import errno as errno_names

        name = errno_names.errorcode.get(exc.errno or 0, "")
        where = path if path is not None else exc.filename
        reason = (exc.strerror or str(exc) or type(exc).__name__).lower()
        hint = _ERRNO_HINTS.get(name, "Check the path and the file system, then rerun.")
        return cls(path=where, reason=reason, hint=hint)


def _shown_path(path: object) -> str:
    """A path as text a terminal can always show (undecodable bytes escaped)."""
    import os

    if path is None:
        return ""
    if isinstance(path, bytes):
        return path.decode("utf-8", "backslashreplace")
    text = os.fspath(path) if isinstance(path, os.PathLike) else str(path)
    if isinstance(text, bytes):
        return text.decode("utf-8", "backslashreplace")
    if text == "":
        return "''"
    return os.fsencode(text).decode("utf-8", "backslashreplace")


class OutputRefusedError(ItsmkitError):
    """A write target exists and is not a regular file: itsmkit never replaces it."""

    code = "output-refused"

    def __init__(self, *, path: Path, what: str) -> None:
        super().__init__(f"{_shown_path(path)}: refusing to write over {what}")
        self.path = path
        self.what = what
        self.hint = (
            "Give a file name inside the folder, or another path."
            if what == "a folder"
            else "itsmkit replaces regular files only: remove it or choose another path "
            "(for standard output, use `-o -` or /dev/stdout)."
        )


class RevisionError(ItsmkitError):
    """``--changed`` cannot compare with git: no git, no repository, or no such revision."""

    code = "git-revision"

    def __init__(
        self, message: str, *, hint: str | None = None, revision: str | None = None
    ) -> None:
        super().__init__(message)
        self.hint = hint
        self.revision = revision

    def details(self) -> dict[str, object]:
        """The revision asked for, when one is at fault."""
        return {"revision": self.revision} if self.revision is not None else {}
