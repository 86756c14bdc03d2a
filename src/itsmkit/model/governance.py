"""Governance documents: policies, the service quality manual, procedures and plans.

Also the management review and continual-improvement records that the
Plan-Do-Check-Act clauses ask for.
"""

import datetime as dt
import enum

from pydantic import Field

from itsmkit.model.base import Document, Record, Strict, register
from itsmkit.model.types import ActionRef, NonEmptyStr, Period, PersonRef, RoleRef, Text


class Process(str, enum.Enum):
    """Service management processes, keyed independently of any standard's numbering.

    The frameworks catalogs map these keys to clauses of each edition.
    """

    SERVICE_LEVEL = "service-level"
    SERVICE_REPORTING = "service-reporting"
    CONTINUITY_AVAILABILITY = "continuity-availability"
    BUDGETING_ACCOUNTING = "budgeting-accounting"
    CAPACITY = "capacity"
    INFORMATION_SECURITY = "information-security"
    BUSINESS_RELATIONSHIP = "business-relationship"
    SUPPLIER = "supplier"
    INCIDENT = "incident"
    SERVICE_REQUEST = "service-request"
    PROBLEM = "problem"
    CONFIGURATION = "configuration"
    CHANGE = "change"
    RELEASE = "release"
    NEW_CHANGED_SERVICES = "new-changed-services"
    SERVICE_CATALOGUE = "service-catalogue"
    ASSET = "asset"
    DEMAND = "demand"
    KNOWLEDGE = "knowledge"
    DOCUMENT_CONTROL = "document-control"
    INTERNAL_AUDIT = "internal-audit"
    MANAGEMENT_REVIEW = "management-review"
    IMPROVEMENT = "improvement"
    COMPETENCE = "competence"
    COMMUNICATION = "communication"
    RISK = "risk"
    COMPLAINT = "complaint"
    DISPUTE = "dispute"


class PolicyType(str, enum.Enum):
    """Policies the editions ask for."""

    SERVICE_MANAGEMENT = "service-management"
    INFORMATION_SECURITY = "information-security"
    CHANGE = "change"
    RELEASE = "release"
    BUDGETING_ACCOUNTING = "budgeting-accounting"
    CONTINUAL_IMPROVEMENT = "continual-improvement"
    CONFIGURATION = "configuration"
    OTHER = "other"


class Section(Strict):
    """A titled block of prose in a document."""

    heading: Text
    body: Text


@register("policy", en="Policy", fr="Politique")
class Policy(Document):
    """A statement of intent by top management (e.g. the service management policy)."""

    policy_type: PolicyType
    statement: Text
    objectives: list[Text] = Field(default_factory=list)
    processes: list[Process] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)


@register("quality-manual", en="Service quality manual", fr="Manuel qualité de service (MQS)")
class QualityManual(Document):
    """The service quality manual (MQS) describing the management system."""

    scope: Text
    sections: list[Section] = Field(default_factory=list)


class Step(Strict):
    """One step of a procedure."""

    action: Text
    role: RoleRef | None = None
    output: Text | None = None


class ProcedureType(str, enum.Enum):
    """What a procedure governs: a process, or a named procedure of the DPs."""

    PROCESS = "process"
    COMPLAINT = "complaint"
    DISPUTE = "dispute"
    CAPACITY = "capacity"
    EMERGENCY_CHANGE = "emergency-change"
    MAJOR_INCIDENT = "major-incident"
    DOCUMENT_CONTROL = "document-control"
    RECORD_CONTROL = "record-control"
    INTERNAL_AUDIT = "internal-audit"
    IMPROVEMENT = "improvement"
    OTHER = "other"


@register("procedure", en="Procedure", fr="Procédure")
class Procedure(Document):
    """A specified way to carry out an activity or process."""

    procedure_type: ProcedureType = ProcedureType.PROCESS
    processes: list[Process] = Field(min_length=1)
    purpose: Text
    scope: Text | None = None
    roles: list[RoleRef] = Field(default_factory=list)
    inputs: list[Text] = Field(default_factory=list)
    outputs: list[Text] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    records: list[NonEmptyStr] = Field(
        default_factory=list, description="Kinds of record this procedure produces."
    )


class PlanType(str, enum.Enum):
    """Plans the editions ask for."""

    SERVICE_MANAGEMENT = "service-management"
    AVAILABILITY = "availability"
    CONTINUITY = "continuity"
    IMPROVEMENT = "improvement"
    AUDIT_PROGRAMME = "audit-programme"
    RELEASE = "release"
    COMMUNICATION = "communication"
    RISK = "risk"
    OTHER = "other"


class Objective(Strict):
    """A measurable objective of a plan."""

    statement: Text
    measure: Text | None = None
    target: str | None = None
    due: dt.date | None = None
    owner: PersonRef | None = None


@register("plan", en="Plan", fr="Plan")
class Plan(Document):
    """A plan (service management plan, continuity plan, audit programme...)."""

    plan_type: PlanType
    period: Period | None = None
    processes: list[Process] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)


class ReviewDecision(Strict):
    """A decision recorded in a review or meeting."""

    text: Text
    owner: PersonRef | None = None
    due: dt.date | None = None


@register("management-review", en="Management review", fr="Revue de direction")
class ManagementReview(Record):
    """Record of a management review of the ITSMS at planned intervals."""

    held_on: dt.date
    chair: PersonRef
    attendees: list[PersonRef] = Field(min_length=1)
    inputs: list[Text] = Field(default_factory=list)
    decisions: list[ReviewDecision] = Field(default_factory=list)
    actions: list[ActionRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The day of the review."""
        return (self.held_on, self.held_on)
