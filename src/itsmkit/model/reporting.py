"""Service reporting (seed 000, task ITSM-SDE.2.1.1): the service report (RS)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, StrictBool

from itsmkit.model.base import Record, Strict, register
from itsmkit.model.types import (
    ActionRef,
    IncidentRef,
    NonEmptyStr,
    PersonRef,
    SlaRef,
    Text,
)


class Measurement(Strict):
    """A measured value against its SLA target."""

    indicator: Text
    target: NonEmptyStr
    measured: NonEmptyStr
    met: StrictBool
    comment: Text | None = None


class Breach(Strict):
    """A missed target, with the incident and action it led to."""

    description: Text
    occurred_on: dt.date | None = None
    incidents: list[IncidentRef] = Field(default_factory=list)
    actions: list[ActionRef] = Field(default_factory=list)


class Alert(Strict):
    """A trend that calls for preventive action (seed 000 step 2)."""

    description: Text
    actions: list[ActionRef] = Field(default_factory=list)


@register("service-report", en="Service report", fr="Rapport de service (RS)")
class ServiceReport(Record):
    """Measured service levels over a period, compared with the SLA."""

    sla: SlaRef
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
