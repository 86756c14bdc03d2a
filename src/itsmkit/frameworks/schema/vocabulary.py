"""The sources of the ticket vocabularies (request types, statuses, service states)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from itsmkit.frameworks.schema.base import Confidence, DataModel, Header


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
