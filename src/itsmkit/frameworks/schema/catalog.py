"""A framework catalog: its items (clauses, processes...), aliases, roles, packages."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from itsmkit.frameworks.schema.base import Confidence, DataModel, Header, Titled

ItemKind = Literal[
    "clause",
    "group",
    "process",
    "function",
    "practice",
    "process-area",
    "goal",
    "activity",
    "task",
    "step",
]


class Item(Titled):
    """One catalog entry: clause, process, practice, process area, goal, DP element."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    kind: ItemKind
    parent: str | None = None
    level: int | None = None
    source: str
    confidence: Confidence
    fr_source: str | None = None
    """Where the French title comes from, when not from ``source`` (a key of ``sources``)."""
    fr_confidence: Confidence | None = None
    note: str | None = None
    editions: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    artefacts: list[str] = Field(default_factory=list)
    category: str | None = None


class Alias(DataModel):
    """An identifier of another scheme (ITSM-*) and the clauses it stands for."""

    alias: str
    targets: list[str] = Field(default_factory=list)
    source: str
    confidence: Confidence
    note: str | None = None


class Package(Titled):
    """A deployment package described by a catalog."""

    id: str
    seed: str
    targets: str
    source: str


class NameVariant(DataModel):
    """An item whose heading in the source words its name otherwise than the listing used."""

    id: str
    table: str
    heading: str | None = None
    name_line: str | None = None
    source: str
    confidence: Confidence


class CatalogFile(Header):
    """A framework catalog."""

    kind: Literal["catalog"]
    title: Titled
    expected_count: int | None = None
    near_identical_to: str | None = None
    equivalence_note: str | None = None
    items: list[Item] = Field(min_length=1)
    aliases: list[Alias] = Field(default_factory=list)
    roles: dict[str, Titled] = Field(default_factory=dict)
    packages: list[Package] = Field(default_factory=list)
    name_variants: list[NameVariant] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sources_declared(self) -> CatalogFile:
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"duplicate item ids: {', '.join(dup)}")
        for item in self.items:
            if item.parent is not None and item.parent not in ids:
                raise ValueError(f"item {item.id}: parent {item.parent!r} is not an item")
            self.check_source(item.source, f"item {item.id}")
            if item.fr_source is not None:
                self.check_source(item.fr_source, f"item {item.id} (fr)")
            if (item.fr_source is None) != (item.fr_confidence is None) or (
                item.fr_source is not None and not item.fr
            ):
                raise ValueError(f"item {item.id}: fr, fr_source and fr_confidence go together")
        for alias in self.aliases:
            self.check_source(alias.source, f"alias {alias.alias}")
        for variant in self.name_variants:
            if variant.id not in ids:
                raise ValueError(f"name variant {variant.id!r} is not an item")
            self.check_source(variant.source, f"name variant {variant.id}")
        if self.expected_count is not None and self.expected_count != len(self.items):
            raise ValueError(f"expected_count is {self.expected_count} but {len(self.items)} items")
        return self
