"""The company repository's own settings, read from ``itsmkit.yaml`` at its root."""

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictInt

from itsmkit.model.agreement import Frequency
from itsmkit.model.base import Strict
from itsmkit.model.localtime import zone_of
from itsmkit.model.types import Lang, NonEmptyStr, Text

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
    ci_verification_days: Annotated[
        StrictInt | None,
        Field(
            ge=1,
            description="Days within which each active configuration item must be verified "
            "(the configuration procedure's period; default: the audit rule's, 365).",
        ),
    ] = None
    complaint_response_days: Annotated[
        StrictInt | None,
        Field(
            ge=1,
            description="Days within which a complaint must be answered (the committed time; "
            "default: the audit rule's, 10).",
        ),
    ] = None


class Intervals(Strict):
    """How often the recurring activities of the SMS are held (the company's own commitments)."""

    coordination_meeting: Frequency = Field(
        default=Frequency.QUARTERLY,
        description="Coordination meetings with each customer and supplier (seed 000: regular).",
    )
    satisfaction_survey: Frequency = Field(
        default=Frequency.YEARLY, description="Customer satisfaction survey (QSC) per customer."
    )
    offer_review: Frequency = Field(
        default=Frequency.YEARLY, description="Review of the service offer (seed 000: e.g. yearly)."
    )
    management_review: Frequency = Field(
        default=Frequency.YEARLY, description="Management review (ISO/IEC 20000-1:2018 9.3)."
    )
    internal_audit: Frequency = Field(
        default=Frequency.YEARLY, description="Internal audit (ISO/IEC 20000-1:2018 9.2)."
    )


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one YAML file, as the reader takes them (a plain record: it goes to workers)."""

    max_bytes: int = 5_000_000
    max_depth: int = 64
    max_nodes: int = 200_000


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


DEFAULT_TIME_ZONE = "Europe/Paris"
"""The zone of timestamps without an offset when itsmkit.yaml does not say (or is unreadable)."""


def _known_zone(name: str) -> str:
    if zone_of(name) is None:
        raise ValueError(f"no time zone is called {name!r}: use an IANA name such as Europe/Paris")
    return name


class Config(Strict):
    """Contents of ``itsmkit.yaml``."""

    schema_version: Annotated[StrictInt, Field(ge=1, le=1)] = 1
    organisation: NonEmptyStr
    language: Lang = "fr"
    standard: Standard = "iso20000-1:2018"
    scope: Text
    thresholds: Thresholds = Field(default_factory=Thresholds)
    intervals: Intervals = Field(default_factory=Intervals)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    exclude: list[str] = Field(
        default_factory=list,
        description="Glob patterns (relative to the repository) of YAML files that are not artefacts.",
    )
    audit: AuditSettings = Field(default_factory=AuditSettings)
    time_zone: Annotated[NonEmptyStr, AfterValidator(_known_zone)] = Field(
        default=DEFAULT_TIME_ZONE,
        description="IANA time zone given to timestamps that carry no UTC offset.",
    )
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = Field(
        default="FR", description="ISO 3166 country whose public holidays apply to service hours."
    )
    reference_date: dt.date | None = Field(
        default=None,
        description=(
            "The day this repository describes, for example and fixture repositories: "
            "validate and audit judge dates as of this day unless --today or --as-of is "
            "given. Leave it out in a live repository, which is judged as of today."
        ),
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


def time_zone_of(config: Config | None) -> str:
    """The zone of timestamps without an offset: the configuration's, or the default."""
    return config.time_zone if config is not None else DEFAULT_TIME_ZONE
