"""An index of a loaded repository: every artefact by id, and the references between them.

``list``, ``show``, ``due`` and ``rename`` all ask the same questions (where is this id,
what does it point at, what points at it); the index answers them from one load, and
finds positions only for the artefacts a command shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from itsmkit.errors import UsageError
from itsmkit.issues import Loc
from itsmkit.repo.loader import Loaded, Repository
from itsmkit.repo.positions import Locator
from itsmkit.rules.walk import references


@dataclass(frozen=True, slots=True)
class Link:
    """One reference: ``source`` names ``target`` at data path ``loc`` of ``file``."""

    source: str
    target: str
    file: str
    loc: Loc
    kinds: tuple[str, ...]


@dataclass(slots=True)
class Index:
    """Artefacts by id and the reference graph of one repository."""

    repo: Repository
    by_id: dict[str, Loaded] = field(default_factory=dict)
    outgoing: dict[str, list[Link]] = field(default_factory=dict)
    incoming: dict[str, list[Link]] = field(default_factory=dict)
    _locator: Locator | None = None

    @property
    def root(self) -> Path:
        """The repository root."""
        return self.repo.root

    def get(self, artefact_id: str) -> Loaded:
        """The artefact with this id; a usage error naming the closest ids otherwise."""
        found = self.by_id.get(artefact_id)
        if found is not None:
            return found
        import difflib

        close = difflib.get_close_matches(artefact_id, self.by_id, n=3, cutoff=0.6)
        hint = (
            "Did you mean " + " or ".join(repr(c) for c in close) + "?"
            if close
            else "`itsmkit list` shows every id."
        )
        if artefact_id in self.repo.failed:
            hint = "It fails validation, so it was not loaded: run `itsmkit validate`."
        raise UsageError(f"no artefact with id {artefact_id!r} in {self.root}", hint=hint)

    def position(self, file: str, loc: Loc) -> tuple[int, int]:
        """Line and column of a data path (each file is parsed again once, on demand)."""
        if self._locator is None:
            self._locator = Locator(self.root)
        return self._locator.position(file, loc)

    def where(self, item: Loaded) -> tuple[int, int]:
        """Line and column where an artefact starts (its ``id`` key)."""
        return self.position(item.file, (*item.prefix, "id"))

    def links_of(self, artefact_id: str) -> Iterator[Link]:
        """Every reference from or to ``artefact_id``."""
        yield from self.outgoing.get(artefact_id, [])
        yield from self.incoming.get(artefact_id, [])


def build_index(repo: Repository) -> Index:
    """Index ``repo``'s valid artefacts and their references."""
    index = Index(repo)
    for item in repo.artefacts:
        index.by_id[item.artefact.id] = item
    for item in repo.artefacts:
        source = item.artefact.id
        for loc, target, kinds in references(item.artefact, item.prefix):
            link = Link(source, target, item.file, loc, kinds)
            index.outgoing.setdefault(source, []).append(link)
            index.incoming.setdefault(target, []).append(link)
    return index
