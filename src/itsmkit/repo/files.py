"""Find the YAML files of a company repository without relying on folder names.

Hidden files and folders (``.git``, ``.github``...) are skipped, as are paths matching
the configuration's ``exclude`` globs. Symbolic links are followed only while they stay
inside the repository; loops are detected and reported.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from itsmkit.catalogue import make
from itsmkit.config import CONFIG_FILE
from itsmkit.issues import Issue

YAML_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv"})


@dataclass(slots=True)
class FileSet:
    """The artefact files found, relative to the root (POSIX form), and path issues."""

    files: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _excluded(rel: str, patterns: list[str]) -> bool:
    return any(
        fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*") for p in patterns
    )


def is_artefact_path(rel: str, exclude: list[str]) -> bool:
    """Whether the walk of :func:`find_files` would read ``rel`` (a path that may not exist)."""
    if rel == CONFIG_FILE or not rel.endswith(YAML_SUFFIXES):
        return False
    if rel.startswith(".") or "/." in rel:
        return False  # a dot folder or a dot file: the walk skips them
    if SKIP_DIRS.intersection(rel.split("/")[:-1]):
        return False
    return not _excluded(rel, exclude)


def _issue(code: str, message: str, rel: str) -> Issue:
    return make(code, message, rel, line=1, column=1)


def _undecodable(name: str) -> bool:
    # os.scandir hands back undecodable bytes as lone surrogates (surrogateescape).
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def shown_name(rel: str) -> str:
    r"""A path with undecodable bytes escaped (as ``\xff``), safe to print and to record."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


def is_yaml_or_dir(entry: os.DirEntry[str]) -> bool:
    """Whether a directory entry is one the walk would look at (a YAML name or a folder)."""
    try:
        return entry.name.endswith(YAML_SUFFIXES) or entry.is_dir()
    except OSError:
        return False


def _regular(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()  # follows links, False for FIFOs, sockets and devices
    except OSError:
        return False


def _interrupted(root: Path) -> list[Issue]:
    from itsmkit.transaction import pending

    issues = []
    for item in pending(root):
        if not item.committed or not item.targets:
            continue  # nothing was moved yet: the next write discards it
        shown = ", ".join(item.targets[:5]) + (" ..." if len(item.targets) > 5 else "")
        issues.append(
            _issue(
                "path-write-interrupted",
                f"`{item.command}` was interrupted: {len(item.targets)} file(s) still to move "
                f"into place ({shown}), staged in {item.folder.name}",
                item.targets[0],
            )
        )
    return issues


def find_files(root: Path, exclude: list[str] | None = None) -> FileSet:
    """Walk ``root`` and list YAML artefact files in a stable order.

    Real folders are walked first and linked folders afterwards, so a link to a folder
    that is walked anyway is skipped quietly whatever the names, and files keep their
    real paths. A link to a folder that contains it is a loop and is reported.
    """
    root_real = os.path.realpath(root)
    patterns = list(exclude or [])
    found = FileSet()
    seen_dirs: set[str] = {root_real}
    linked: list[tuple[str, str, str, str]] = []  # (link path, rel, target, parent real)

    def inside(real: str) -> bool:
        return real == root_real or real.startswith(root_real + os.sep)

    def skipped(real: str) -> bool:
        # A link must not bring back what the walk skips by name (.git, .github, excludes).
        rel_real = os.path.relpath(real, root_real).replace(os.sep, "/")
        parts = rel_real.split("/") if rel_real != "." else []
        return any(part.startswith(".") or part in SKIP_DIRS for part in parts) or _excluded(
            rel_real, patterns
        )

    def walk(directory: str, rel_dir: str) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            found.issues.append(
                _issue("path-unreadable", f"cannot read folder: {exc.strerror}", rel_dir or ".")
            )
            return
        here = os.path.realpath(directory)
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if _undecodable(name):
                if is_yaml_or_dir(entry):
                    found.issues.append(
                        _issue(
                            "path-name-undecodable",
                            "name is not valid UTF-8; skipped",
                            shown_name(rel),
                        )
                    )
                continue
            is_link = entry.is_symlink()
            real = os.path.realpath(entry.path) if is_link else ""
            if is_link:
                if not os.path.exists(real):  # noqa: PTH110 - a str from realpath
                    if name.endswith(YAML_SUFFIXES):
                        found.issues.append(_issue("path-unreadable", "broken symbolic link", rel))
                    continue
                if not inside(real):
                    found.issues.append(
                        _issue(
                            "path-symlink-outside",
                            f"symbolic link leads outside the repository (to {real}); not followed",
                            rel,
                        )
                    )
                    continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if name in SKIP_DIRS or _excluded(rel, patterns):
                    continue
                if is_link:
                    linked.append((entry.path, rel, real, here))
                    continue
                real = os.path.realpath(entry.path)
                if real not in seen_dirs:
                    seen_dirs.add(real)
                    walk(entry.path, rel)
            elif name.endswith(YAML_SUFFIXES):
                if rel == CONFIG_FILE or _excluded(rel, patterns):
                    continue
                if not _regular(entry):
                    found.issues.append(
                        _issue(
                            "path-not-regular",
                            "not a regular file (a FIFO, socket or device); skipped",
                            rel,
                        )
                    )
                    continue
                found.files.append(rel)

    found.issues.extend(_interrupted(root))
    walk(str(root), "")
    while linked:
        batch, linked[:] = list(linked), []
        for path, rel, real, parent in batch:
            if parent == real or parent.startswith(real + os.sep):
                found.issues.append(
                    _issue(
                        "path-symlink-loop",
                        "symbolic link points back to a folder that contains it; not followed",
                        rel,
                    )
                )
            elif real not in seen_dirs and not skipped(real):
                seen_dirs.add(real)
                walk(path, rel)
    found.files.sort()
    return found
