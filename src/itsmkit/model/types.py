"""Constrained types shared by every artefact model.

Ids, references, periods, durations, percentages, money, service hours and localised
text live here so each process-area module states only what is particular to it.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)*$"
"""Artefact ids: a letter, then letters and digits in groups joined by ``-``, ``_`` or ``.``."""

ArtefactId = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=80),
    Field(description="Stable identifier, unique in the repository, e.g. SLA-ACME-2025."),
]


@dataclass(frozen=True, slots=True)
class Ref:
    """Metadata marking a field as a reference to artefacts of the given kinds."""

    kinds: tuple[str, ...]


def _ref(*kinds: str) -> Any:
    # Annotated alias built at import time; the Ref marker lets the reference rule find it.
    description = "Id of a " + " or ".join(kinds) + " artefact."
    return Annotated[ArtefactId, Ref(kinds), Field(description=description)]


PersonRef = _ref("person")
RoleRef = _ref("role")
CustomerRef = _ref("customer")
SupplierRef = _ref("supplier")
ServiceRef = _ref("service")
SlaRef = _ref("sla")
UcRef = _ref("uc")
ProcedureRef = _ref("procedure")
PolicyRef = _ref("policy")
FindingRef = _ref("finding")
ActionRef = _ref("action")
AuditReportRef = _ref("audit-report")
IncidentRef = _ref("incident")
ServiceRequestRef = _ref("service-request")
ProblemRef = _ref("problem")
ChangeRef = _ref("change")
ReleaseRef = _ref("release")
ConfigurationItemRef = _ref("configuration-item")
ServicePlanRef = _ref("service-plan")
PartyRef = _ref("customer", "supplier")
CustomerRequirementsRef = _ref("customer-requirements")
BudgetRef = _ref("budget")
CapacityPlanRef = _ref("capacity-plan")
ParticipantRef = _ref("person", "customer", "supplier")
AnyDocumentRef = _ref(
    "policy",
    "procedure",
    "plan",
    "quality-manual",
    "sla",
    "uc",
    "catalogue",
    "capacity-plan",
    "service-plan",
    "service",
    "budget",
)

Lang = Literal["fr", "en"]
LANGS: tuple[str, ...] = ("fr", "en")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=False, defer_build=True)


class LocalisedText(_Strict):
    """The same text in several languages; at least one must be given."""

    fr: str | None = None
    en: str | None = None

    @model_validator(mode="after")
    def _one_language(self) -> "LocalisedText":
        if self.fr is None and self.en is None:
            raise ValueError("give the text in at least one language: fr or en")
        return self


Text = Annotated[
    str | LocalisedText,
    Field(description="Plain text, or the same text per language: {fr: ..., en: ...}."),
]

NonEmptyStr = Annotated[str, StringConstraints(min_length=1)]

Percentage = Annotated[
    float, Field(ge=0, le=100, description="A percentage from 0 to 100, e.g. 99.5 for 99.5 %.")
]

_DURATION_RE = re.compile(
    r"^\s*(?:(?P<d>\d+(?:\.\d+)?)\s*d)?\s*(?:(?P<h>\d+(?:\.\d+)?)\s*h)?\s*"
    r"(?:(?P<m>\d+(?:\.\d+)?)\s*(?:min|m))?\s*$"
)
_ISO_DURATION_RE = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
DURATION_PATTERN = (
    r"^(P(\d+(\.\d+)?D)?(T(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?"
    r"|\s*(\d+(\.\d+)?\s*d)?\s*(\d+(\.\d+)?\s*h)?\s*(\d+(\.\d+)?\s*(min|m))?\s*)$"
)


def parse_duration(value: Any) -> Any:
    """Turn ``"4h"``, ``"1d 2h"``, ``"30min"`` or ISO 8601 ``"PT4H"`` into a timedelta.

    Anything else is passed through for pydantic to reject with its own message.
    """
    if not isinstance(value, str):
        return value
    text = value.strip()
    match = _ISO_DURATION_RE.match(text) or _DURATION_RE.match(text)
    if not match or not text or text == "P" or not any(match.groupdict().values()):
        raise ValueError("expected a duration such as '4h', '1d 2h', '30min' or 'PT4H'")
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    try:
        return dt.timedelta(
            days=parts.get("d", 0),
            hours=parts.get("h", 0),
            minutes=parts.get("m", 0),
            seconds=parts.get("s", 0),
        )
    except OverflowError:
        raise ValueError(
            f"duration {text!r} is too long (at most {dt.timedelta.max.days} days)"
        ) from None


def format_duration(value: dt.timedelta) -> str:
    """Write a timedelta back in the short form the YAML files use (``1d 2h 30min``)."""
    total = int(value.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [
        f"{days}d" if days else "",
        f"{hours}h" if hours else "",
        f"{minutes}min" if minutes else "",
    ]
    return " ".join(p for p in parts if p) or "0min"


Duration = Annotated[
    dt.timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": "A duration: '4h', '1d 2h', '30min' or ISO 8601 'PT4H'.",
        }
    ),
]


def _check_currency(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError("currency must be an ISO 4217 code such as EUR")
    return value


class Money(_Strict):
    """An amount in a currency; a price also says its tax basis and the period it pays for."""

    amount: Annotated[Decimal, Field(ge=0, description="Amount, e.g. 1200.50")]
    currency: Annotated[str, AfterValidator(_check_currency)] = "EUR"
    tax: Literal["excl", "incl"] | None = Field(
        default=None,
        description="Tax basis: excl (hors taxes, HT, excl. VAT) or incl (TTC, incl. VAT).",
    )
    per: Literal["one-off", "month", "quarter", "year"] | None = Field(
        default=None, description="What the amount pays for: one-off, or per month, quarter, year."
    )


class Period(_Strict):
    """A span of dates, both ends included."""

    start: dt.date
    end: dt.date


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

ClockTime = Annotated[
    str,
    StringConstraints(pattern=r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$"),
    Field(description="Local time HH:MM, 24:00 allowed as an end time."),
]


class ServiceHours(_Strict):
    """When a service is supported, e.g. Monday to Friday, 08:00 to 18:00."""

    days: Annotated[list[Weekday], Field(min_length=1)]
    start: ClockTime
    end: ClockTime
    time_zone: str = "Europe/Paris"
    public_holidays: StrictBool = Field(
        default=False, description="Whether support is also given on public holidays."
    )
    note: Text | None = None


Priority = Annotated[
    str,
    StringConstraints(pattern=r"^P[1-5]$"),
    Field(description="Priority P1 (highest) to P5."),
]

Timestamp = Annotated[
    AwareDatetime,
    Field(
        description="Date and time, e.g. 2025-03-04T08:12:00+01:00; without a UTC offset"
        " (2025-03-04T08:12) it is read in the repository's time_zone."
    ),
]


Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
