"""An evidence file: what a repository must hold for each clause to count as covered."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from itsmkit.frameworks.schema.base import Confidence, DataModel, Header, Scalar


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
