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

    def __init__(self, *, path: object, reason: str, hint: str | None = None) -> None:
        shown = _shown_path(path)
        super().__init__(f"{shown}: {reason}" if shown else reason)
        self.path = shown
        self.reason = reason
        self.hint = hint

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
