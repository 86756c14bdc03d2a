"""The competency dictionary: its five levels and the knowledge areas."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from itsmkit.frameworks.schema.base import Confidence, Header, Titled


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
