"""What every audit check can see: the repository, its history, the audit date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from itsmkit.config import Config
from itsmkit.issues import Issue
from itsmkit.model.base import Artefact, DocStatus, Document
from itsmkit.model.fields import matches_fields
from itsmkit.repo.history import History
from itsmkit.repo.loader import Loaded, Repository
from itsmkit.repo.positions import Locator

A = TypeVar("A", bound=Artefact)


@dataclass
class AuditContext:
    """Indexes over the loaded repository, built once per audit."""

    repo: Repository
    config: Config
    history: History
    as_of: dt.date
    processes: tuple[str, ...] = ()
    standard: str = ""
    """The edition audited (its rules give the clause of each process and document kind)."""
    cache: bool | None = None
    """As ``load_repository``'s: True reads and updates the caches, None only reads them."""

    @cached_property
    def rule_issues(self) -> list[Issue]:
        """The repository-wide validation rules' issues as of the audit date (run once)."""
        from itsmkit.rulecache import rule_issues

        return rule_issues(self.repo, self.as_of, write=self.cache is True)

    @cached_property
    def by_kind(self) -> dict[str, list[Loaded]]:
        """Loaded artefacts per kind."""
        out: dict[str, list[Loaded]] = defaultdict(list)
        for item in self.repo.artefacts:
            out[item.artefact.kind].append(item)
        return out

    @cached_property
    def by_id(self) -> dict[str, Loaded]:
        """Loaded artefacts by id."""
        return {item.artefact.id: item for item in self.repo.artefacts}

    def of_kind(self, kind: str) -> list[Loaded]:
        """Artefacts of one kind (empty list when none)."""
        return self.by_kind.get(kind, [])

    def typed(self, kind: str, cls: type[A]) -> list[tuple[Loaded, A]]:
        """Artefacts of one kind with their model class, for checks that read its fields."""
        return [(item, art) for item in self.of_kind(kind) if isinstance(art := item.artefact, cls)]

    def get(self, ident: str) -> Artefact | None:
        """The artefact with this id, if loaded."""
        item = self.by_id.get(ident)
        return item.artefact if item else None

    def live_documents(self, kind: str, match: dict[str, Any] | None = None) -> list[Loaded]:
        """Documents of ``kind`` that are not retired and match every ``field: value``."""
        out = []
        for item in self.of_kind(kind):
            art = item.artefact
            if isinstance(art, Document) and art.status is DocStatus.RETIRED:
                continue
            if matches_fields(art, match or {}):
                out.append(item)
        return out

    @cached_property
    def _locator(self) -> Locator:
        return Locator(self.repo.root)

    def where(self, item: Loaded, *loc: str | int) -> str:
        """``file:line`` of an artefact (or of a field inside it), for evidence."""
        full = (*item.prefix, *loc)
        if not full:
            return f"{item.file}:1"
        line, _ = self._locator.position(item.file, full)
        return f"{item.file}:{line}"

    def config_where(self, key: str) -> str:
        """``itsmkit.yaml:line`` of a configuration key."""
        line, _ = self._locator.position("itsmkit.yaml", (key,))
        return f"itsmkit.yaml:{line}"

    @property
    def root(self) -> Path:
        """The repository root being audited."""
        return self.repo.root


def in_window(item: Loaded, start: dt.date, end: dt.date) -> bool:
    """Whether an artefact's evidence dates overlap ``start``..``end``."""
    dates = item.artefact.evidence_dates()
    return dates is not None and dates[0] <= end and dates[1] >= start
