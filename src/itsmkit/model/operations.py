"""Operations: the resolution and control processes of ISO/IEC 20000 (and seed 004).

Incidents, service requests, problems, changes, releases and configuration items.

Incidents and service requests carry timezone-aware timestamps so response and
resolution times can be computed against SLA targets.
"""

import datetime as dt
import enum

from pydantic import Field, StrictBool, StrictInt

from itsmkit.model.base import Record, Strict, register
from itsmkit.model.types import (
    ActionRef,
    ChangeRef,
    ConfigurationItemRef,
    CustomerRef,
    IncidentRef,
    NonEmptyStr,
    PersonRef,
    Priority,
    ProblemRef,
    ReleaseRef,
    ServiceRef,
    SupplierRef,
    Text,
    Timestamp,
)


class TicketStatus(str, enum.Enum):
    """Life cycle of an incident or a service request (itsmkit's own: seed 004 names none).

    Sources: ``data/frameworks/vocabularies/itil4-user-relations.yaml``.
    """

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in-progress"
    ON_HOLD = "on-hold"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class ServiceState(str, enum.Enum):
    """State of the service while the incident lasted.

    Seed 004 announces four states but breaks off after "Nominal"; degraded and
    unavailable are inferred from its incident definition, unknown is itsmkit's own
    (``data/frameworks/vocabularies/itil4-user-relations.yaml``).
    """

    NOMINAL = "nominal"
    DEGRADED = "degraded"
    UNAVAILABLE = "unavailable"
    UNKNOWN = "unknown"


class Pause(Strict):
    """A span during which the ticket waited on someone else (a pending state)."""

    start: Timestamp
    end: Timestamp | None = Field(default=None, description="None while still pending.")
    reason: NonEmptyStr | None = Field(
        default=None, description="The helpdesk's state, e.g. 'Awaiting User Info'."
    )


class TicketSource(Strict):
    """Where an imported ticket came from, so a later import updates it in place."""

    tool: NonEmptyStr = Field(description="The importer, e.g. glpi, servicenow, zammad.")
    ticket_id: NonEmptyStr = Field(description="The helpdesk's own ticket number.")
    imported: Timestamp | None = None
    digest: NonEmptyStr | None = Field(
        default=None,
        description="Fingerprint of the imported fields; a mismatch means a person edited them.",
    )
    made_sla: StrictBool | None = Field(
        default=None, description="The helpdesk's own SLA verdict, kept for comparison."
    )


class _Ticket(Record):
    """Fields incidents and service requests share."""

    summary: Text
    service: ServiceRef
    customer: CustomerRef
    priority: Priority
    status: TicketStatus
    opened: Timestamp
    acknowledged: Timestamp | None = None
    resolved: Timestamp | None = None
    closed: Timestamp | None = None
    assignee: PersonRef | None = None
    escalation_level: StrictInt = Field(default=1, ge=1, le=3)
    channel: NonEmptyStr | None = None
    description: Text | None = None
    resolution: Text | None = None
    pauses: list[Pause] = Field(
        default_factory=list, description="Pending intervals (waiting on the user, a supplier)."
    )
    source: TicketSource | None = Field(
        default=None, description="The helpdesk ticket this record was imported from."
    )

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """From opening to closure (or the last known step)."""
        end = self.closed or self.resolved or self.acknowledged or self.opened
        return (self.opened.date(), end.date())


@register("incident", en="Incident", fr="Incident", batchable=True)
class Incident(_Ticket):
    """An unplanned interruption or degradation of a service."""

    service_state: ServiceState = ServiceState.DEGRADED
    major: StrictBool = False
    security: StrictBool = Field(default=False, description="An information security incident.")
    problem: ProblemRef | None = None
    configuration_items: list[ConfigurationItemRef] = Field(default_factory=list)


class RequestType(str, enum.Enum):
    """What a service request asks for, in seed 004's order ("other" is itsmkit's own)."""

    ASSISTANCE = "assistance"
    ADVICE = "advice"
    INFORMATION = "information"
    SMALL_WORK = "small-work"
    STANDARD_CHANGE = "standard-change"
    SUPPLY = "supply"
    ACCESS = "access"
    COMPLAINT = "complaint"
    OTHER = "other"


@register("service-request", en="Service request", fr="Demande de service", batchable=True)
class ServiceRequest(_Ticket):
    """A user's request that is not an incident."""

    request_type: RequestType


class ProblemStatus(str, enum.Enum):
    """Life cycle of a problem."""

    OPEN = "open"
    KNOWN_ERROR = "known-error"
    RESOLVED = "resolved"
    CLOSED = "closed"


@register("problem", en="Problem", fr="Problème", batchable=True)
class Problem(Record):
    """The cause of one or more incidents, and its analysis."""

    summary: Text
    services: list[ServiceRef] = Field(min_length=1)
    status: ProblemStatus
    opened: Timestamp
    closed: Timestamp | None = None
    owner: PersonRef | None = None
    incidents: list[IncidentRef] = Field(default_factory=list)
    root_cause: Text | None = None
    workaround: Text | None = None
    known_error: StrictBool = False
    changes: list[ChangeRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """From opening to closure."""
        return (self.opened.date(), (self.closed or self.opened).date())


class ChangeType(str, enum.Enum):
    """Change classes."""

    STANDARD = "standard"
    NORMAL = "normal"
    EMERGENCY = "emergency"


class ChangeStatus(str, enum.Enum):
    """Life cycle of a request for change."""

    REQUESTED = "requested"
    ASSESSED = "assessed"
    APPROVED = "approved"
    REJECTED = "rejected"
    IMPLEMENTED = "implemented"
    REVIEWED = "reviewed"
    CLOSED = "closed"


@register("change", en="Request for change", fr="Demande de changement", batchable=True)
class Change(Record):
    """A request for change and its assessment, approval and review."""

    summary: Text
    change_type: ChangeType
    services: list[ServiceRef] = Field(min_length=1)
    status: ChangeStatus
    requested: Timestamp
    requested_by: PersonRef | None = None
    risk: Text | None = None
    impact: Text | None = None
    backout_plan: Text | None = None
    approved_by: PersonRef | None = None
    approved: Timestamp | None = None
    implemented: Timestamp | None = None
    reviewed: Timestamp | None = None
    release: ReleaseRef | None = None
    configuration_items: list[ConfigurationItemRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """From request to the last step taken."""
        end = self.reviewed or self.implemented or self.approved or self.requested
        return (self.requested.date(), end.date())


class ReleaseStatus(str, enum.Enum):
    """Life cycle of a release."""

    PLANNED = "planned"
    BUILT = "built"
    TESTED = "tested"
    DEPLOYED = "deployed"
    ROLLED_BACK = "rolled-back"


@register("release", en="Release", fr="Mise en production", batchable=True)
class Release(Record):
    """A release of one or more changes into the live environment."""

    summary: Text
    services: list[ServiceRef] = Field(min_length=1)
    changes: list[ChangeRef] = Field(min_length=1)
    status: ReleaseStatus
    planned: Timestamp
    deployed: Timestamp | None = None
    tested: StrictBool = False
    backout_plan: Text | None = None
    incidents_after: list[IncidentRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """From planning to deployment."""
        return (self.planned.date(), (self.deployed or self.planned).date())


class CiType(str, enum.Enum):
    """Types of configuration item."""

    HARDWARE = "hardware"
    SOFTWARE = "software"
    NETWORK = "network"
    DOCUMENT = "document"
    SERVICE = "service"
    CONTRACT = "contract"
    OTHER = "other"


class CiStatus(str, enum.Enum):
    """Life cycle of a configuration item."""

    PLANNED = "planned"
    ACTIVE = "active"
    MAINTENANCE = "maintenance"
    RETIRED = "retired"


@register(
    "configuration-item", en="Configuration item", fr="Élément de configuration", batchable=True
)
class ConfigurationItem(Record):
    """An item under configuration control, with its relationships."""

    name: NonEmptyStr
    ci_type: CiType
    ci_status: CiStatus
    services: list[ServiceRef] = Field(default_factory=list)
    version: str | None = None
    location: str | None = None
    owner: PersonRef | None = None
    supplier: SupplierRef | None = None
    depends_on: list[ConfigurationItemRef] = Field(default_factory=list)
    recorded_on: dt.date
    last_verified: dt.date | None = None

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """From recording to last verification."""
        return (self.recorded_on, self.last_verified or self.recorded_on)


@register("continuity-test", en="Continuity or availability test", fr="Test de continuité")
class ContinuityTest(Record):
    """Record of a service continuity or availability test."""

    services: list[ServiceRef] = Field(min_length=1)
    held_on: dt.date
    scenario: Text
    result: Text
    passed: StrictBool
    participants: list[PersonRef] = Field(default_factory=list)
    actions: list[ActionRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The day of the test."""
        return (self.held_on, self.held_on)
