"""Pydantic models of the shipped framework data files, so a broken file fails loudly.

Every file starts with the same header (``kind``, ``framework``, ``edition``,
``publisher``, ``licence_note``, ``source``, ``data_version``) and a ``sources`` table;
each entry's ``source`` names a key of that table and carries a ``confidence`` tag.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Confidence = Literal["S", "S~", "K", "INF"]
"""S sourced; S~ partly sourced; K from knowledge, unverified; INF inferred by itsmkit."""

CONFIDENCE_LABELS: dict[str, str] = {
    "S": "sourced",
    "S~": "partly sourced",
    "K": "knowledge, unverified",
    "INF": "inferred by itsmkit",
}

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
Relation = Literal["equal", "subset", "superset", "intersect", "related"]
Coverage = Literal["C", "P", "N"]
Scalar = str | bool | int


class DataModel(BaseModel):
    """Strict: unknown keys in a data file are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Header(DataModel):
    """Fields every data file declares."""

    framework: Annotated[str, Field(min_length=1)]
    edition: Annotated[str, Field(min_length=1)]
    publisher: Annotated[str, Field(min_length=1)]
    licence_note: Annotated[str, Field(min_length=1)]
    source: Annotated[str, Field(min_length=1)]
    data_version: Annotated[int, Field(ge=1)]
    sources: dict[str, str] = Field(min_length=1)

    def check_source(self, key: str, where: str) -> None:
        """Raise if ``key`` is not declared in ``sources``."""
        if key not in self.sources:
            raise ValueError(f"{where}: source {key!r} is not declared under sources:")


class Titled(DataModel):
    """A short title in English and/or French (at least one)."""

    en: str | None = None
    fr: str | None = None

    @model_validator(mode="after")
    def _one_title(self) -> Titled:
        if not (self.en or self.fr):
            raise ValueError("give a title in en or fr")
        return self

    @property
    def label(self) -> str:
        """English title, else French."""
        return self.en or self.fr or ""

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (``fr`` or ``en``) when known, else the other one."""
        if lang == "fr":
            return self.fr or self.en or ""
        return self.label


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


class MappingRow(DataModel):
    """One typed relation between an item of each framework."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: str = Field(alias="from")
    to: str
    relation: Relation
    rationale: Annotated[str, Field(min_length=1)]
    source: str
    confidence: Confidence
    editorial: bool


class MappingFile(Header):
    """Relations from the items of ``framework`` to those of ``target``."""

    kind: Literal["mapping"]
    target: str
    rows: list[MappingRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _sources_declared(self) -> MappingFile:
        for row in self.rows:
            self.check_source(row.source, f"row {row.from_} -> {row.to}")
        return self


class Selector(DataModel):
    """Artefacts that evidence a clause: a kind, optionally filtered, at least ``min`` of them."""

    kind: str | list[str]
    status: Literal["approved"] | None = None
    where: dict[str, Scalar | list[Scalar]] = Field(default_factory=dict)
    processes: list[str] = Field(default_factory=list)
    min: Annotated[int, Field(ge=1)] = 1
    label: str | None = None

    @property
    def kinds(self) -> list[str]:
        """The kinds accepted (any of them)."""
        return [self.kind] if isinstance(self.kind, str) else list(self.kind)


class ClauseEvidence(DataModel):
    """What a repository must hold for one clause to count as covered."""

    clause: str
    requires: list[Selector] = Field(min_length=1)
    source: str
    confidence: Confidence
    note: str | None = None


class EvidenceFile(Header):
    """Evidence requirements per clause of one edition."""

    kind: Literal["evidence"]
    links: list[ClauseEvidence] = Field(min_length=1)

    @model_validator(mode="after")
    def _sources_declared(self) -> EvidenceFile:
        for link in self.links:
            self.check_source(link.source, f"clause {link.clause}")
        return self


class Check(DataModel):
    """A test on one field (dotted path) of an artefact."""

    field: str
    min: Annotated[int, Field(ge=1)] | None = None
    equals: Scalar | None = None
    covers: dict[str, list[Scalar]] = Field(
        default_factory=dict,
        description="The list's entries hold each value in that field, e.g. {party: [provider, customer]}.",
    )


class Condition(DataModel):
    """An item applies only when ``field`` has one of the values ``in``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    field: str
    in_: list[Scalar] = Field(alias="in", min_length=1)


class ChecklistItem(Titled):
    """One line of a checklist."""

    id: str
    check: Check
    applies_if: Condition | None = None
    clause: str | None = None
    hint: str | None = None
    source: str
    confidence: Confidence
    code: str | None = Field(
        default=None, description="The validation rule `itsmkit validate` reports when it fails."
    )


class Checklist(Titled):
    """A checklist evaluated on every artefact of one kind."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    applies_to: str
    source: str
    items: list[ChecklistItem] = Field(min_length=1)


class ChecklistFile(Header):
    """Checklists of one origin (a DP annex, or derived from an edition's clauses)."""

    kind: Literal["checklists"]
    checklists: list[Checklist] = Field(min_length=1)

    @model_validator(mode="after")
    def _sources_declared(self) -> ChecklistFile:
        for cl in self.checklists:
            self.check_source(cl.source, f"checklist {cl.id}")
            for item in cl.items:
                self.check_source(item.source, f"checklist {cl.id} item {item.id}")
        return self


class MatrixRow(DataModel):
    """One cell row of an Annex D matrix, as printed in the seed."""

    activity: str
    title: str
    coverage: Coverage
    practice: str = ""
    comment: str = ""


class Matrix(DataModel):
    """One Annex D table: the DP's activities against one standard or model."""

    label: str
    framework: str | None = None
    framework_note: str | None = None
    practice_header: str
    rows: list[MatrixRow] = Field(min_length=1)


class MatrixPackage(DataModel):
    """The Annex D of one deployment package."""

    id: str
    seed: str
    title: Titled
    matrices: list[Matrix] = Field(min_length=1)


class KnownIssue(DataModel):
    """A visible inconsistency of a seed matrix, stated by itsmkit."""

    package: str
    matrix: str
    activity: str | None = None
    issue: str
    source: str
    confidence: Confidence


class MatrixFile(Header):
    """The deployment packages' Annex D matrices, cell for cell."""

    kind: Literal["annex-d"]
    packages: list[MatrixPackage] = Field(min_length=1)
    known_issues: list[KnownIssue] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sources_declared(self) -> MatrixFile:
        for issue in self.known_issues:
            self.check_source(issue.source, f"known issue on {issue.matrix}")
        return self


class CompetencyLevel(Titled):
    """One level of the competency dictionary, with the behaviours the seed lists for it."""

    level: Annotated[int, Field(ge=1, le=5)]
    behaviours: list[str] = Field(min_length=1)
    source: str
    confidence: Confidence


class KnowledgeAreaEntry(Titled):
    """A knowledge area a competence is assessed in: the seed's, or itsmkit's own."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z-]*$")]
    origin: Literal["seed", "itsmkit"]
    source: str
    confidence: Confidence
    note: str | None = None


class CompetencyFile(Header):
    """Levels and knowledge areas of a competency dictionary (seed 003)."""

    kind: Literal["competency"]
    title: Titled
    levels: list[CompetencyLevel] = Field(min_length=5, max_length=5)
    areas: list[KnowledgeAreaEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _sources_declared(self) -> CompetencyFile:
        if [lv.level for lv in self.levels] != [1, 2, 3, 4, 5]:
            raise ValueError("levels must be 1 to 5 in order")
        for lv in self.levels:
            self.check_source(lv.source, f"level {lv.level}")
        for area in self.areas:
            self.check_source(area.source, f"area {area.id}")
            if area.origin == "itsmkit" and area.confidence in ("S", "S~"):
                raise ValueError(f"area {area.id}: itsmkit's own area cannot be sourced")
        return self


class VocabularyValue(DataModel):
    """One value of a model enum and where it comes from."""

    value: Annotated[str, Field(pattern=r"^[a-z][a-z-]*$")]
    fr: str
    origin: Literal["seed", "itsmkit"]
    source: str
    confidence: Confidence
    note: str | None = None


class VocabularyFile(Header):
    """Sources of the ticket vocabularies: request categories, statuses, service states."""

    kind: Literal["vocabulary"]
    request_types: list[VocabularyValue] = Field(min_length=1)
    ticket_statuses: list[VocabularyValue] = Field(min_length=1)
    service_states: list[VocabularyValue] = Field(min_length=1)
    service_states_declared: Annotated[int, Field(ge=1)]
    service_states_note: str | None = None

    @model_validator(mode="after")
    def _sources_declared(self) -> VocabularyFile:
        for name in ("request_types", "ticket_statuses", "service_states"):
            for row in getattr(self, name):
                self.check_source(row.source, f"{name} {row.value}")
        return self
