"""The company repository's own settings, read from ``itsmkit.yaml`` at its root."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictInt

from itsmkit.model.base import Strict
from itsmkit.model.types import Lang, NonEmptyStr, Text
from itsmkit.repo.yamlread import Limits

CONFIG_FILE = "itsmkit.yaml"
STANDARDS = ("iso20000-1:2018", "iso20000-1:2011", "iso20000-1:2005")

Standard = Literal["iso20000-1:2018", "iso20000-1:2011", "iso20000-1:2005"]


class Thresholds(Strict):
    """Thresholds used by checks and the mock audit."""

    min_record_history_days: Annotated[
        StrictInt,
        Field(
            ge=0,
            description="Days of records an auditor expects (seed 001: more than 3 months).",
        ),
    ] = 90
    review_due_soon_days: Annotated[StrictInt, Field(ge=0)] = 30


class LimitsConfig(Strict):
    """Bounds applied to every YAML file read."""

    max_file_bytes: Annotated[StrictInt, Field(ge=1024)] = 5_000_000
    max_depth: Annotated[StrictInt, Field(ge=8, le=1000)] = 64
    max_nodes: Annotated[StrictInt, Field(ge=1000)] = 200_000

    def to_limits(self) -> Limits:
        """The reader's limits."""
        return Limits(self.max_file_bytes, self.max_depth, self.max_nodes)


class AuditSettings(Strict):
    """How the mock audit speaks: certification bodies name finding grades differently."""

    labels: dict[Literal["major", "minor", "observation", "opportunity"], NonEmptyStr] = Field(
        default_factory=dict,
        description="Label per grade, e.g. {major: 'NC majeure', observation: 'Point sensible'}.",
    )


class Config(Strict):
    """Contents of ``itsmkit.yaml``."""

    schema_version: Annotated[StrictInt, Field(ge=1, le=1)] = 1
    organisation: NonEmptyStr
    language: Lang = "fr"
    standard: Standard = "iso20000-1:2018"
    scope: Text
    thresholds: Thresholds = Field(default_factory=Thresholds)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    exclude: list[str] = Field(
        default_factory=list,
        description="Glob patterns (relative to the repository) of YAML files that are not artefacts.",
    )
    audit: AuditSettings = Field(default_factory=AuditSettings)
    time_zone: NonEmptyStr = Field(
        default="Europe/Paris",
        description="IANA time zone given to timestamps that carry no UTC offset.",
    )
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = Field(
        default="FR", description="ISO 3166 country whose public holidays apply to service hours."
    )
    reference_docx: str | None = Field(
        default=None, description="A .docx whose styles rendered Word documents use."
    )
    page_size: Literal["a4", "letter"] = Field(
        default="a4",
        description="Paper of the Word and PDF deliverables: a4 (the default) or letter.",
    )
    logo: str | None = Field(
        default=None,
        description="A PNG or JPEG in the repository shown on the cover of Word deliverables.",
    )
