"""Scaffold a company repository: settings, starter documents, CI and git.

The starter files are data, not code: text templates under ``itsmkit/data/scaffold``,
one tree shared by both languages (``common/``) and one per language (``fr/``, ``en/``).
A path component starting with ``dot-`` becomes a hidden name (``dot-gitignore`` →
``.gitignore``) so the templates never act as live git or CI files inside this package.
Templates hold a few ``{{token}}`` markers replaced by plain substitution. The JSON
Schemas (``.itsmkit/schemas/``) and editor settings come from :mod:`itsmkit.editors`.

Nothing is overwritten unless asked: files that already exist with other content are
conflicts, and a scaffold with conflicts writes nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from itsmkit import __version__
from itsmkit.config import CONFIG_FILE, STANDARDS
from itsmkit.editors import editor_files, schemas_prefix
from itsmkit.errors import FileSystemError, UsageError
from itsmkit.fsutil import read_regular_bytes
from itsmkit.model.types import LANGS
from itsmkit.resources import data_dir
from itsmkit.transaction import write_all

DEFAULT_LANG = "fr"
DEFAULT_STANDARD = "iso20000-1:2018"
HIDDEN_PREFIX = "dot-"
# Suffixes whose ``{{org}}`` sits inside a double-quoted YAML scalar and must be escaped.
_YAML_SUFFIXES = (".yaml", ".yml")
_TOKEN = re.compile(r"\{\{[a-z_]+\}\}")


class FileState(str, enum.Enum):
    """What the scaffold found, or did, at one path."""

    CREATED = "created"
    OVERWRITTEN = "overwritten"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


class GitOutcome(str, enum.Enum):
    """What happened about ``git init``."""

    INITIALISED = "initialised"
    ALREADY = "already-a-repository"
    UNAVAILABLE = "git-not-installed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class ScaffoldOptions:
    """The choices a scaffold is rendered with; build it with :func:`make_options`."""

    organisation: str
    language: str
    standard: str
    today: dt.date


@dataclass(frozen=True, slots=True)
class Defaults:
    """Values used when the user gives none."""

    organisation: str
    language: str
    standard: str


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """One file of the scaffold: its path relative to the root (POSIX form) and text."""

    path: str
    text: str


@dataclass(slots=True)
class ScaffoldResult:
    """What ``init`` found and did: data for the CLI to print."""

    root: Path
    options: ScaffoldOptions
    files: dict[str, FileState] = field(default_factory=dict)
    git: GitOutcome = GitOutcome.SKIPPED
    git_detail: str = ""

    def paths(self, state: FileState) -> list[str]:
        """Paths in one state, in scaffold order."""
        return [p for p, s in self.files.items() if s is state]

    @property
    def conflicts(self) -> list[str]:
        """Existing files whose content differs from the starter (nothing was written)."""
        return self.paths(FileState.CONFLICT)

    @property
    def written(self) -> list[str]:
        """Files created or overwritten."""
        return [p for p, s in self.files.items() if s in (FileState.CREATED, FileState.OVERWRITTEN)]


def default_values(root: Path) -> Defaults:
    """Defaults for missing options: an existing ``itsmkit.yaml`` first, then fixed values.

    Reading the settings of an earlier run keeps a second ``init`` from seeing every
    file as a conflict just because the organisation defaulted differently.
    """
    org = root.resolve().name or "organisation"
    lang, standard = DEFAULT_LANG, DEFAULT_STANDARD
    config = root / CONFIG_FILE
    if config.is_file():
        from itsmkit.repo.yamlread import read

        try:
            data = read(config.read_bytes()).data
        except OSError:
            data = None
        if isinstance(data, dict):
            if isinstance(data.get("organisation"), str) and data["organisation"].strip():
                org = data["organisation"].strip()
            if data.get("language") in LANGS:
                lang = data["language"]
            if data.get("standard") in STANDARDS:
                standard = data["standard"]
    return Defaults(org, lang, standard)


def make_options(
    *, organisation: str, language: str, standard: str, today: dt.date | None = None
) -> ScaffoldOptions:
    """Check the user's choices and freeze them.

    Raises:
        UsageError: a value is empty, unknown or spans several lines.
    """
    org = organisation.strip()
    if not org:
        raise UsageError("the organisation name is empty", hint="Pass --org NAME.")
    if "\n" in org or "\r" in org:
        raise UsageError("the organisation name must fit on one line")
    lang = language.strip().lower()
    if lang not in LANGS:
        raise UsageError(
            f"unknown language {language!r}", hint="Use --lang " + " or --lang ".join(LANGS) + "."
        )
    std = standard.strip().lower()
    if std not in STANDARDS:
        raise UsageError(
            f"unknown standard {standard!r}", hint="Use one of: " + ", ".join(STANDARDS) + "."
        )
    return ScaffoldOptions(org, lang, std, today or dt.date.today())


def _target(rel: str) -> str:
    parts = rel.split("/")
    return "/".join(
        "." + p.removeprefix(HIDDEN_PREFIX) if p.startswith(HIDDEN_PREFIX) else p for p in parts
    )


def _tokens(options: ScaffoldOptions, *, yaml: bool) -> dict[str, str]:
    year = options.today.year
    # Inside a double-quoted YAML scalar a JSON string body is a valid escape of the name.
    org = options.organisation
    if yaml:
        org = json.dumps(org, ensure_ascii=False)[1:-1]
    from itsmkit.french import de

    return {
        "{{org}}": org,
        "{{de_org}}": de(org),  # French: "de Cimes", "d'acme-fr"
        "{{lang}}": options.language,
        "{{standard}}": options.standard,
        "{{today}}": options.today.isoformat(),
        "{{year}}": str(year),
        "{{year_start}}": dt.date(year, 1, 1).isoformat(),
        "{{year_end}}": dt.date(year, 12, 31).isoformat(),
        "{{version}}": __version__,
    }


def render(template: str, options: ScaffoldOptions, *, yaml: bool, path: str = "x") -> str:
    """Replace the ``{{token}}`` markers of one template written at ``path``.

    ``{{schemas}}`` is the relative path from that file's folder to the local schemas,
    so modelines resolve offline wherever the file sits.

    Raises:
        ValueError: the template uses a token that does not exist (a bug in the data).
    """
    tokens = {**_tokens(options, yaml=yaml), "{{schemas}}": schemas_prefix(path)}
    unknown = sorted({t for t in _TOKEN.findall(template) if t not in tokens})
    if unknown:
        raise ValueError(f"unknown template token(s): {', '.join(unknown)}")
    return _TOKEN.sub(lambda m: tokens[m.group(0)], template)


def _template_files(base: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(base.rglob("*")):
        if path.is_file() and path.name != "__init__.py" and "__pycache__" not in path.parts:
            found[path.relative_to(base).as_posix()] = path
    return found


def plan(options: ScaffoldOptions) -> list[PlannedFile]:
    """Every file of the scaffold, rendered, in a stable order (settings first)."""
    base = data_dir("scaffold")
    sources = {**_template_files(base / "common"), **_template_files(base / options.language)}
    files = []
    for rel, source in sources.items():
        target = _target(rel)
        template = source.read_text(encoding="utf-8")
        text = render(template, options, yaml=target.endswith(_YAML_SUFFIXES), path=target)
        files.append(PlannedFile(target, text))
    # The JSON Schemas the modelines point at, and the editor settings that map them.
    files.extend(PlannedFile(path, text) for path, text in editor_files().items())
    files.sort(key=lambda f: (f.path != CONFIG_FILE, f.path.startswith("."), f.path))
    return files


def _blocked(root: Path, rel: str) -> bool:
    """Whether a folder sits where the file goes, or a file where one of its folders goes."""
    target = root / rel
    if target.is_dir():
        return True
    folders = [root / Path(*rel.split("/")[:i]) for i in range(1, rel.count("/") + 1)]
    return any(f.exists() and not f.is_dir() for f in folders)


def _state(root: Path, rel: str, text: str) -> FileState:
    path = root / rel
    if _blocked(root, rel):
        return FileState.CONFLICT
    if not path.exists() and not path.is_symlink():
        return FileState.CREATED
    try:
        same = read_regular_bytes(path) == text.encode("utf-8")
    except FileSystemError:  # a FIFO or device in the way: never opened blocking
        same = False
    return FileState.UNCHANGED if same else FileState.CONFLICT


def _inside_work_tree(git: str, root: Path) -> str | None:
    probe = subprocess.run(
        [git, "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True, check=False
    )
    return probe.stdout.strip() if probe.returncode == 0 else None


def git_init(root: Path) -> tuple[GitOutcome, str]:
    """Run ``git init`` in ``root`` unless it already is, or lies inside, a repository."""
    git = shutil.which("git")
    if git is None:
        return GitOutcome.UNAVAILABLE, "git is not installed; run `git init` yourself later"
    if (root / ".git").exists():
        return GitOutcome.ALREADY, str(root)
    try:
        top = _inside_work_tree(git, root)
        if top is not None:
            return GitOutcome.ALREADY, top
        done = subprocess.run(
            [git, "init", "--quiet", str(root)], capture_output=True, text=True, check=False
        )
    except OSError as exc:
        return GitOutcome.FAILED, str(exc)
    if done.returncode != 0:
        return GitOutcome.FAILED, (done.stderr or done.stdout).strip()
    return GitOutcome.INITIALISED, str(root)


def scaffold(
    root: Path, options: ScaffoldOptions, *, force: bool = False, git: bool = True
) -> ScaffoldResult:
    """Write the scaffold into ``root`` (created if missing).

    Files already holding the starter's exact text are left alone. Files holding other
    text are conflicts: without ``force`` nothing at all is written and the result lists
    them; with ``force`` they are overwritten. Other files in ``root`` are never touched.

    Raises:
        UsageError: ``root`` exists and is not a folder.
    """
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} exists and is not a folder")
    result = ScaffoldResult(root=root, options=options)
    planned = plan(options)
    for item in planned:
        result.files[item.path] = _state(root, item.path, item.text)
    if result.conflicts and not force:
        return result
    folders = [p for p in result.conflicts if _blocked(root, p)]
    if folders:
        raise UsageError(
            f"{root / folders[0]} is in the way: a folder and a file swap places",
            hint="Move it away; --force replaces files, never folders.",
        )
    root.mkdir(parents=True, exist_ok=True)
    writes = {}
    for item in planned:
        state = result.files[item.path]
        if state is FileState.UNCHANGED:
            continue
        writes[root / item.path] = item.text.encode("utf-8")
        if state is FileState.CONFLICT:
            result.files[item.path] = FileState.OVERWRITTEN
    write_all(root, writes, command="init")
    if git:
        result.git, result.git_detail = git_init(root)
    return result


__all__ = [
    "Defaults",
    "FileState",
    "GitOutcome",
    "PlannedFile",
    "ScaffoldOptions",
    "ScaffoldResult",
    "default_values",
    "git_init",
    "make_options",
    "plan",
    "scaffold",
]
