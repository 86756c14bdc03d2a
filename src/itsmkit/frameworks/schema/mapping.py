"""A mapping file: typed relations from one framework's items to another's."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from itsmkit.frameworks.schema.base import Confidence, DataModel, Header

Relation = Literal["equal", "subset", "superset", "intersect", "related"]


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
