"""What a render produces: planned bytes, where they go, and how they are written.

Outputs go to a folder (files named ``ID.LANG.FORMAT``) or to one file; nothing that
differs is overwritten unless forced, and every write is atomic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from itsmkit.errors import UsageError, WriteConflictError
from itsmkit.issues import Issue
from itsmkit.model.base import Artefact

FORMATS = ("md", "docx", "pdf")
LANGS = ("fr", "en")
DEFAULT_OUTPUT = Path("build") / "deliverables"


@dataclass(frozen=True, slots=True)
class Output:
    """One file produced (or found already up to date)."""

    path: Path
    kind: str
    artefact: str
    lang: str
    fmt: str
    template: str
    status: str  # "written", "overwritten" or "unchanged"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Refused:
    """An artefact not rendered because it has validation errors."""

    kind: str
    artefact: str
    issues: tuple[Issue, ...]
    loaded: bool = True  # False: it failed its schema, so even --force cannot render it


@dataclass(slots=True)
class RenderResult:
    """What a render produced, and what it refused."""

    outputs: list[Output] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether something was refused (the CLI exits 1)."""
        return bool(self.refused)


@dataclass(frozen=True, slots=True)
class Planned:
    """One output rendered in memory, not yet written."""

    path: Path
    data: bytes
    kind: str
    artefact: str
    lang: str
    fmt: str
    template: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """Where outputs go: a folder, or one file when a single output was asked for."""

    folder: Path
    file: Path | None = None

    def path(self, art: Artefact, lang: str, fmt: str) -> Path:
        """Where the output of one artefact, language and format goes."""
        if self.file is not None:
            return self.file
        return self.folder / f"{art.id}.{lang}.{fmt}"


def check_options(formats: tuple[str, ...], langs: tuple[str, ...] | None) -> None:
    """A usage error for an unknown format or language."""
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(
            f"unknown format {', '.join(bad) or '(none)'}", hint="Use md, docx, pdf, or several."
        )
    bad = [lang for lang in langs or () if lang not in LANGS]
    if bad:
        raise UsageError(f"unknown language {', '.join(bad)}", hint="Use fr, en or both.")


def resolve_target(root: Path, output: Path | None, single: bool, fmt: str | None) -> Target:
    """Where outputs go: the default folder, the ``-o`` folder, or the ``-o`` file."""
    if output is None:
        return Target(root / DEFAULT_OUTPUT)
    if output.suffix in (".md", ".docx", ".pdf"):
        if not single:
            raise UsageError(
                f"{output} names one file but several outputs were asked for",
                hint="Give a folder with -o, or one format and one language.",
            )
        if fmt is not None and output.suffix != f".{fmt}":
            raise UsageError(
                f"{output} does not end in .{fmt}",
                hint=f"Name the output file *.{fmt}, or give a folder.",
            )
        return Target(output.parent, output)
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output} exists and is not a folder", hint="Give a folder with -o.")
    return Target(output)


def write_planned(planned: list[Planned], force: bool) -> list[Output]:
    """Write what differs, atomically; refuse (all of it) to overwrite without ``force``."""
    from itsmkit.fsutil import check_target
    from itsmkit.transaction import common_folder, write_all

    statuses: list[str] = []
    conflicts = []
    for item in planned:
        check_target(item.path)  # a link, folder, device or FIFO is refused, never replaced
        if not item.path.exists():
            statuses.append("written")
        elif item.path.is_file() and item.path.read_bytes() == item.data:
            statuses.append("unchanged")
        else:
            statuses.append("overwritten")
            if not force:
                conflicts.append(item.path)
    if conflicts:
        raise WriteConflictError(paths=conflicts)
    # Every file of a render, or none: staged, journalled, then moved into place.
    writes = {i.path: i.data for i, s in zip(planned, statuses, strict=True) if s != "unchanged"}
    if writes:
        write_all(common_folder(list(writes)), writes, command="render")
    outputs = []
    for item, status in zip(planned, statuses, strict=True):
        outputs.append(
            Output(
                item.path,
                item.kind,
                item.artefact,
                item.lang,
                item.fmt,
                item.template,
                status,
                item.warnings,
            )
        )
    return outputs
