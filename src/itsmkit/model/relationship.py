"""Business relationship and supplier management (seed 000, REL.1 and REL.2 tasks).

Complaint records, customer satisfaction surveys (QSC), coordination meeting minutes,
service offer and contract reviews, and contractual disputes.
"""

import datetime as dt
import enum

from pydantic import Field, StrictBool, StrictInt

from itsmkit.model.base import Record, Strict, register
from itsmkit.model.governance import ReviewDecision
from itsmkit.model.types import (
    ActionRef,
    CustomerRef,
    NonEmptyStr,
    ParticipantRef,
    PartyRef,
    PersonRef,
    ProcedureRef,
    ServiceRef,
    SlaRef,
    SupplierRef,
    Text,
    Timestamp,
    UcRef,
)


class ComplaintType(str, enum.Enum):
    """Types the complaint procedure distinguishes (seed 000, REL.1 step 1)."""

    INFORMATION_REQUEST = "information-request"
    COMPLAINT = "complaint"
    INCIDENT = "incident"
    PROBLEM = "problem"
    OTHER = "other"


class ComplaintStatus(str, enum.Enum):
    """Where a complaint stands."""

    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"


@register("complaint", en="Complaint record", fr="Enregistrement de réclamation", batchable=True)
class Complaint(Record):
    """A complaint or request received from a customer, and how it was handled."""

    complaint_type: ComplaintType
    customer: CustomerRef
    service: ServiceRef | None = None
    received: Timestamp
    channel: NonEmptyStr | None = None
    description: Text
    handled_by: PersonRef | None = None
    response: Text | None = None
    answered: Timestamp | None = None
    closed: Timestamp | None = None
    status: ComplaintStatus
    satisfied: StrictBool | None = None
    actions: list[ActionRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """From receipt to closure (or receipt alone while open)."""
        end = self.closed or self.answered or self.received
        return (self.received.date(), end.date())


class Question(Strict):
    """A question of the satisfaction questionnaire and its results."""

    text: Text
    scale: str = Field(default="1-5", pattern=r"^\d+-\d+$")
    average: float | None = Field(default=None, ge=0)
    responses: StrictInt | None = Field(default=None, ge=0)


@register(
    "satisfaction-survey",
    en="Customer satisfaction survey",
    fr="Questionnaire de satisfaction client (QSC)",
)
class SatisfactionSurvey(Record):
    """A customer satisfaction survey (QSC) and its results."""

    customer: CustomerRef | None = None
    services: list[ServiceRef] = Field(default_factory=list)
    sent_on: dt.date
    closed_on: dt.date
    questions: list[Question] = Field(min_length=1)
    overall_score: float | None = Field(default=None, ge=0)
    comments: list[Text] = Field(default_factory=list)
    actions: list[ActionRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """From sending to closing."""
        return (self.sent_on, self.closed_on)


class MeetingType(str, enum.Enum):
    """Who the coordination meeting was with."""

    CUSTOMER = "customer"
    SUPPLIER = "supplier"
    INTERNAL = "internal"


@register("minutes", en="Meeting minutes", fr="Procès-verbal de réunion")
class Minutes(Record):
    """Minutes of a coordination meeting with a customer or a supplier."""

    meeting_type: MeetingType
    party: PartyRef | None = None
    held_on: dt.date
    attendees: list[ParticipantRef] = Field(min_length=1)
    external_attendees: list[NonEmptyStr] = Field(default_factory=list)
    agenda: list[Text] = Field(default_factory=list)
    discussion: Text | None = None
    decisions: list[ReviewDecision] = Field(default_factory=list)
    actions: list[ActionRef] = Field(default_factory=list)
    next_meeting: dt.date | None = None

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The day of the meeting."""
        return (self.held_on, self.held_on)


@register("offer-review", en="Service offer review", fr="Revue de l'offre de service")
class OfferReview(Record):
    """Planned (e.g. yearly) review of the service offer made to a customer."""

    customer: CustomerRef | None = None
    slas: list[SlaRef] = Field(default_factory=list)
    held_on: dt.date
    reviewers: list[PersonRef] = Field(min_length=1)
    findings: list[Text] = Field(default_factory=list)
    decisions: list[ReviewDecision] = Field(default_factory=list)
    actions: list[ActionRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The day of the review."""
        return (self.held_on, self.held_on)


@register(
    "contract-review", en="Underpinning contract review", fr="Revue du contrat de sous-traitance"
)
class ContractReview(Record):
    """Yearly review of an underpinning contract with the supplier."""

    uc: UcRef
    supplier: SupplierRef
    held_on: dt.date
    reviewers: list[PersonRef] = Field(min_length=1)
    performance: Text
    findings: list[Text] = Field(default_factory=list)
    decisions: list[ReviewDecision] = Field(default_factory=list)
    actions: list[ActionRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The day of the review."""
        return (self.held_on, self.held_on)


@register("dispute", en="Contractual dispute", fr="Litige contractuel")
class Dispute(Record):
    """A contractual dispute with a supplier, handled by the dispute procedure."""

    supplier: SupplierRef
    uc: UcRef | None = None
    procedure: ProcedureRef | None = None
    raised_on: dt.date
    description: Text
    resolution: Text | None = None
    resolved_on: dt.date | None = None

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """From raising to resolution."""
        return (self.raised_on, self.resolved_on or self.raised_on)
