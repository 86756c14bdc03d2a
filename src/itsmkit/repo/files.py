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

from itsmkit.config import CONFIG_FILE
from itsmkit.rules.catalogue import make
from itsmkit.rules.issue import Issue

YAML_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv"})


@dataclass(slots=True)
class FileSet:
    """The artefact files found, relative to the root (POSIX form), and path issues."""

    files: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _excluded(rel: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*") for p in patterns)


def find_files(root: Path, exclude: list[str] | None = None) -> FileSet:
    """Walk ``root`` and list YAML artefact files in a stable order."""
    root_real = root.resolve()
    patterns = list(exclude or [])
    found = FileSet()
    seen_dirs: set[str] = {str(root_real)}

    def inside(real: str) -> bool:
        return real == str(root_real) or real.startswith(str(root_real) + os.sep)

    def walk(directory: Path, rel_dir: str) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            found.issues.append(
                make("path-unreadable", f"cannot read folder: {exc.strerror}", rel_dir or ".", line=1, column=1)
            )
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            is_link = entry.is_symlink()
            if is_link:
                real = os.path.realpath(entry.path)
                if not os.path.exists(real):
                    if name.endswith(YAML_SUFFIXES):
                        found.issues.append(
                            make("path-unreadable", "broken symbolic link", rel, line=1, column=1)
                        )
                    continue
                if not inside(real):
                    found.issues.append(
                        make("path-symlink-outside",
                             f"symbolic link leads outside the repository (to {real}); not followed",
                             rel, line=1, column=1)
                    )
                    continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if name in SKIP_DIRS or _excluded(rel, patterns):
                    continue
                real = os.path.realpath(entry.path)
                if is_link and (real in seen_dirs or inside_any_parent(real, directory)):
                    found.issues.append(
                        make("path-symlink-loop",
                             "symbolic link points back to a folder already walked; not followed",
                             rel, line=1, column=1)
                    )
                    continue
                if real in seen_dirs:
                    continue
                seen_dirs.add(real)
                walk(Path(entry.path), rel)
            elif name.endswith(YAML_SUFFIXES):
                if rel == CONFIG_FILE or _excluded(rel, patterns):
                    continue
                found.files.append(rel)

    def inside_any_parent(real: str, directory: Path) -> bool:
        current = os.path.realpath(directory)
        return current == real or current.startswith(real + os.sep)

    walk(root, "")
    return found
