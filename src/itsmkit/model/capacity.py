"""Capacity management (seed 000, task ITSM-SDE.5.1.1): the capacity plan (PC) and its reviews."""

import datetime as dt
import enum

from pydantic import Field

from itsmkit.model.base import Document, Record, Strict, register
from itsmkit.model.types import (
    ActionRef,
    CapacityPlanRef,
    NonEmptyStr,
    Period,
    PersonRef,
    ServiceRef,
    SlaRef,
    Text,
)


class CapacityMeasure(Strict):
    """A resource's current use against its forecast and threshold."""

    service: ServiceRef
    resource: Text
    unit: NonEmptyStr
    capacity: float = Field(ge=0)
    current: float = Field(ge=0)
    forecast: float = Field(ge=0)
    threshold: float = Field(ge=0, description="Use at which action is triggered.")


class Peak(Strict):
    """A seasonal or workload peak to plan for."""

    when: Text
    description: Text
    expected_load: Text | None = None


class ChangeKind(str, enum.Enum):
    """Kinds of change that can affect capacity (seed 000 step 2)."""

    TECHNICAL = "technical"
    EXTERNAL = "external"
    WORKLOAD = "workload"


class CapacityChange(Strict):
    """A foreseen change and its effect on SLA commitments."""

    change_kind: ChangeKind
    description: Text
    impact: Text
    slas: list[SlaRef] = Field(default_factory=list)


class PlannedAction(Strict):
    """An action planned in a plan, with owner and due date."""

    description: Text
    owner: PersonRef | None = None
    due: str | None = Field(default=None, description="Date or period, e.g. 2025-06-30 or Q3 2025")


@register("capacity-plan", en="Capacity plan", fr="Plan de capacité (PC)")
class CapacityPlan(Document):
    """The capacity plan, kept current against SLA commitments."""

    period: Period
    services: list[ServiceRef] = Field(min_length=1)
    measures: list[CapacityMeasure] = Field(default_factory=list)
    changes: list[CapacityChange] = Field(default_factory=list)
    peaks: list[Peak] = Field(default_factory=list)
    actions: list[PlannedAction] = Field(default_factory=list)


@register("capacity-review", en="Capacity review", fr="Revue de capacité")
class CapacityReview(Record):
    """A dated reading of the capacity plan's measures: what was estimated against what is used.

    Seed 000 (capacity step 2) asks for the plan to be kept current with estimated against
    actual figures; each review is the record that it was, between two plan versions.
    """

    held_on: dt.date
    plan: CapacityPlanRef | None = None
    reviewer: PersonRef
    measures: list[CapacityMeasure] = Field(min_length=1)
    summary: Text | None = None
    actions: list[ActionRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The day of the review."""
        return (self.held_on, self.held_on)
