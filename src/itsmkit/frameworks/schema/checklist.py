"""A checklists file: tests on the fields of every artefact of a kind."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from itsmkit.frameworks.schema.base import Confidence, DataModel, Header, Scalar, Titled


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
