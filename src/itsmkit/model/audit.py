"""Certification and audit (seed 001).

Audit reports, findings, actions, action plans, training and certification records.
"""

import datetime as dt
import enum

from pydantic import Field, StrictBool

from itsmkit.model.base import ClauseId, Document, Record, Strict, register
from itsmkit.model.types import (
    ActionRef,
    AuditReportRef,
    FindingRef,
    NonEmptyStr,
    PersonRef,
    Text,
)


class AuditType(str, enum.Enum):
    """Audit types of seed 001 (the report template serves all of them)."""

    MOCK = "mock"
    INTERNAL = "internal"
    PRE_AUDIT = "pre-audit"
    INITIAL = "initial"
    CERTIFICATION = "certification"
    SURVEILLANCE = "surveillance"
    RENEWAL = "renewal"
    RECTIFICATION = "rectification"


class Auditor(Strict):
    """Someone who took part in an audit."""

    name: NonEmptyStr
    person: PersonRef | None = None
    organisation: str | None = None
    lead: StrictBool = False


@register("audit-report", en="Audit report", fr="Rapport d'audit")
class AuditReport(Record):
    """The report of an audit of any type (seed 001, Annex A template)."""

    audit_type: AuditType
    standard: NonEmptyStr = Field(description="Edition audited against, e.g. iso20000-1:2018")
    scope: Text
    objectives: list[Text] = Field(default_factory=list)
    method: Text | None = None
    start: dt.date
    end: dt.date
    auditors: list[Auditor] = Field(min_length=1)
    auditees: list[PersonRef] = Field(default_factory=list)
    strengths: list[Text] = Field(default_factory=list)
    findings: list[FindingRef] = Field(default_factory=list)
    readiness: float | None = Field(default=None, ge=0, le=100)
    conclusion: Text
    recipients: list[PersonRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The days of the audit."""
        return (self.start, self.end)


class Grade(str, enum.Enum):
    """Grades of an audit finding."""

    MAJOR = "major"
    MINOR = "minor"
    OBSERVATION = "observation"
    OPPORTUNITY = "opportunity"


class FindingStatus(str, enum.Enum):
    """Where a finding stands."""

    OPEN = "open"
    CLOSED = "closed"


@register("finding", en="Audit finding", fr="Constat d'audit", batchable=True)
class Finding(Record):
    """A nonconformity, observation or opportunity for improvement found by an audit."""

    audit: AuditReportRef
    grade: Grade
    clause: ClauseId
    expected: Text
    found: Text
    evidence: list[Text] = Field(default_factory=list)
    raised_on: dt.date
    status: FindingStatus = FindingStatus.OPEN
    closed_on: dt.date | None = None
    actions: list[ActionRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """From raising to closure."""
        return (self.raised_on, self.closed_on or self.raised_on)


class ActionType(str, enum.Enum):
    """Corrective, preventive or improvement action (seed 001 definitions)."""

    CORRECTIVE = "corrective"
    PREVENTIVE = "preventive"
    IMPROVEMENT = "improvement"


class ActionStatus(str, enum.Enum):
    """Where an action stands."""

    PROPOSED = "proposed"
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    CANCELLED = "cancelled"


class EffectivenessCheck(Strict):
    """Verification, after closure, that the action removed the cause."""

    checked_on: dt.date
    checked_by: PersonRef
    effective: StrictBool
    comment: Text | None = None


@register("action", en="Action", fr="Action", batchable=True)
class Action(Record):
    """A corrective, preventive or improvement action."""

    action_type: ActionType
    description: Text
    cause: Text | None = None
    findings: list[FindingRef] = Field(default_factory=list)
    owner: PersonRef
    raised_on: dt.date
    due: dt.date
    status: ActionStatus
    done_on: dt.date | None = None
    effectiveness: EffectivenessCheck | None = None

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """From raising to completion."""
        return (self.raised_on, self.done_on or self.raised_on)


@register("action-plan", en="Action plan", fr="Plan d'action")
class ActionPlan(Document):
    """Plan of corrective actions and improvements following an audit (seed 001)."""

    audit: AuditReportRef | None = None
    actions: list[ActionRef] = Field(min_length=1)
    objectives: list[Text] = Field(default_factory=list)


@register(
    "training-record", en="Training or certification record", fr="Enregistrement de formation"
)
class TrainingRecord(Record):
    """Evidence that a person followed a training or obtained a certification."""

    person: PersonRef
    course: NonEmptyStr
    provider: str | None = None
    completed_on: dt.date
    certificate: NonEmptyStr | None = Field(
        default=None, description="Certificate obtained, e.g. ISO/IEC 20000 Foundation."
    )
    passed: StrictBool = True

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The completion day."""
        return (self.completed_on, self.completed_on)
