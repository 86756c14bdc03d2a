"""What ``import_tickets`` did: per batch file, the records added, changed and kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from itsmkit.errors import ImportProblem


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field a person edited that the export now gives another value; the edit was kept."""

    record: str
    field: str
    current: str
    incoming: str


@dataclass(slots=True)
class FileResult:
    """What the import does to one batch file."""

    path: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass(slots=True)
class ImportResult:
    """The outcome of one import: per file, and totals."""

    tool: str
    exports: list[str]
    tickets: int
    files: list[FileResult]
    warnings: list[ImportProblem]
    dry_run: bool
    force: bool
    written: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        """Records added."""
        return sum(len(f.added) for f in self.files)

    @property
    def changed(self) -> int:
        """Records updated in place."""
        return sum(len(f.changed) for f in self.files)

    @property
    def unchanged(self) -> int:
        """Records left as they were."""
        return sum(f.unchanged for f in self.files)

    @property
    def conflicts(self) -> list[Conflict]:
        """Every hand edit kept against the export."""
        return [c for f in self.files for c in f.conflicts]
