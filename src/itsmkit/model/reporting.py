"""Service reporting (seed 000, task ITSM-SDE.2.1.1): the service report (RS)."""

import datetime as dt
import enum
from typing import Annotated

from pydantic import Field, StrictBool

from itsmkit.model.base import Record, Strict, register
from itsmkit.model.types import (
    ActionRef,
    IncidentRef,
    NonEmptyStr,
    PersonRef,
    ServiceRequestRef,
    SlaRef,
    Text,
)

METRIC_PATTERN = r"^(availability|(request-)?(response|resolution)(:P[1-5])?)$"


class ReportStatus(str, enum.Enum):
    """Where a service report stands: a draft computed from the records, or approved."""

    DRAFT = "draft"
    APPROVED = "approved"


class Measurement(Strict):
    """A measured value against its SLA target."""

    indicator: Text
    target: NonEmptyStr
    measured: NonEmptyStr
    met: StrictBool
    metric: Annotated[str, Field(pattern=METRIC_PATTERN)] | None = Field(
        default=None,
        description=(
            "What is measured, so the figure can be checked against the records: availability, "
            "response:P1, resolution:P2 (incidents), request-response:P3, request-resolution:P3; "
            "without a priority (resolution, request-response...), every priority together."
        ),
    )
    measured_value: float | None = Field(
        default=None,
        description="The figure in numbers: availability in %, or the % of tickets within target.",
    )
    target_value: float | None = Field(
        default=None, description="The target in the same unit as `measured_value`."
    )
    comment: Text | None = None


class Breach(Strict):
    """A missed target, with the incident and action it led to."""

    description: Text
    occurred_on: dt.date | None = None
    metric: Annotated[str, Field(pattern=METRIC_PATTERN)] | None = Field(
        default=None, description="The target missed, e.g. resolution:P1."
    )
    incidents: list[IncidentRef] = Field(default_factory=list)
    requests: list[ServiceRequestRef] = Field(default_factory=list)
    actions: list[ActionRef] = Field(default_factory=list)


class Alert(Strict):
    """A trend that calls for preventive action (seed 000 step 2)."""

    description: Text
    actions: list[ActionRef] = Field(default_factory=list)


@register("service-report", en="Service report", fr="Rapport de service (RS)")
class ServiceReport(Record):
    """Measured service levels over a period, compared with the SLA."""

    sla: SlaRef
    status: ReportStatus | None = Field(
        default=None,
        description="draft (written by `itsmkit report`) or approved; absent in older reports.",
    )
    approved_by: PersonRef | None = None
    approved_on: dt.date | None = None
    period_start: dt.date
    period_end: dt.date
    issued_on: dt.date
    author: PersonRef
    measurements: list[Measurement] = Field(min_length=1)
    breaches: list[Breach] = Field(default_factory=list)
    alerts: list[Alert] = Field(default_factory=list)
    workload: Text | None = None
    summary: Text | None = None

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The reported period."""
        return (self.period_start, self.period_end)
