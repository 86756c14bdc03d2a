"""Agreements: SLAs with customers and underpinning contracts (UC) with suppliers.

Every item of the SLA checklist (seed 000, Annex C, in `data/frameworks/checklists/dp-annex-c.yaml`)
is a field of :class:`Sla`; the ``sla-annex-c`` rule names any that is missing.
"""

import datetime as dt
import enum
from typing import Annotated

from pydantic import Field, StrictBool

from itsmkit.model.base import Document, Strict, register
from itsmkit.model.types import (
    CustomerRef,
    CustomerRequirementsRef,
    Duration,
    Money,
    NonEmptyStr,
    Percentage,
    PersonRef,
    Priority,
    ProcedureRef,
    ServiceHours,
    ServiceRef,
    SlaRef,
    SupplierRef,
    Text,
)


class Party(Strict):
    """A signatory's representative named in the preamble."""

    name: NonEmptyStr
    function: Text | None = None


class Preamble(Strict):
    """Who is responsible for the agreement on each side (Annex C: preamble)."""

    provider_representative: Party
    customer_representative: Party
    text: Text | None = None


class PriorityTarget(Strict):
    """Response and resolution targets for one priority."""

    priority: Priority
    response: Duration
    resolution: Duration
    definition: Text | None = None


class Clock(str, enum.Enum):
    """Which hours a target's clock runs in."""

    SERVICE_HOURS = "service-hours"
    ROUND_THE_CLOCK = "24x7"


class Targets(Strict):
    """Measurable service level targets."""

    availability: Percentage | None = None
    measurement_window: Annotated[str, Field(pattern=r"^(month|quarter|year)$")] = "month"
    per_priority: list[PriorityTarget] = Field(
        default_factory=list,
        description="Incident targets (and request targets, unless `requests`).",
    )
    requests: list[PriorityTarget] | None = Field(
        default=None,
        description="Service request targets; when absent, requests are held to `per_priority`.",
    )
    clock: Clock = Field(
        default=Clock.SERVICE_HOURS,
        description="Response and resolution times count within service hours, or round the clock.",
    )
    availability_clock: Clock = Field(
        default=Clock.ROUND_THE_CLOCK,
        description="Availability is measured round the clock, or within service hours only.",
    )
    exclude_pending: StrictBool = Field(
        default=False,
        description="Pending time (a ticket's pauses, waiting on the user) does not count.",
    )
    other: list[Text] = Field(default_factory=list)


class Signature(Strict):
    """A signature of the agreement."""

    party: Annotated[str, Field(pattern=r"^(provider|customer|supplier)$")]
    name: NonEmptyStr
    function: Text | None = None
    signed_on: dt.date
    method: Text | None = Field(
        default=None,
        description="How it was signed, e.g. 'signature manuscrite' or 'signature électronique (Yousign)'.",
    )


class Frequency(str, enum.Enum):
    """How often something recurs."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    YEARLY = "yearly"


class Validity(Strict):
    """The agreement's period of validity."""

    start: dt.date
    end: dt.date | None = None
    renewal: Text | None = None


class CapacityLimit(Strict):
    """A capacity limit the provider and customer must respect (Annex C)."""

    item: Text
    limit: NonEmptyStr


@register("sla", en="Service level agreement", fr="Contrat de niveau de service (SLA)")
class Sla(Document):
    """A service level agreement signed by D and the customer's representative."""

    number: NonEmptyStr | None = None
    customer: CustomerRef | None = None
    services: Annotated[list[ServiceRef], Field(min_length=1)]
    preamble: Preamble | None = None
    service_description: Text | None = None
    service_objectives: list[Text] = Field(default_factory=list)
    service_hours: ServiceHours | None = None
    capacity_limits: list[CapacityLimit] = Field(default_factory=list)
    provider_duties: list[Text] = Field(default_factory=list)
    customer_duties: list[Text] = Field(default_factory=list)
    targets: Targets | None = None
    validity: Validity | None = None
    reporting_frequency: Frequency = Frequency.MONTHLY
    review_frequency: Frequency = Frequency.YEARLY
    price: Money | None = None
    requirements: list[CustomerRequirementsRef] = Field(default_factory=list)
    signatures: list[Signature] = Field(default_factory=list)


@register("uc", en="Underpinning contract", fr="Contrat de sous-traitance (UC)")
class Uc(Document):
    """An underpinning contract carrying customer requirements to a subcontractor."""

    number: NonEmptyStr
    supplier: SupplierRef
    slas: Annotated[list[SlaRef], Field(min_length=1)]
    services: list[ServiceRef] = Field(default_factory=list)
    scope: Text
    targets: Targets
    service_hours: ServiceHours | None = None
    supplier_duties: list[Text] = Field(default_factory=list)
    provider_duties: list[Text] = Field(default_factory=list)
    validity: Validity
    review_frequency: Frequency = Frequency.YEARLY
    dispute_procedure: ProcedureRef | None = None
    price: Money | None = None
    contact: PersonRef | None = None
    signatures: list[Signature] = Field(default_factory=list)
