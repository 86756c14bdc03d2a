"""Service design (seed 000, SLM task steps 1-2): service sheets, catalogue, requirements."""

import datetime as dt
import enum
from typing import Annotated

from pydantic import Field

from itsmkit.model.base import Document, Record, Strict, register
from itsmkit.model.types import (
    CustomerRef,
    Money,
    NonEmptyStr,
    PersonRef,
    ServiceHours,
    ServiceRef,
    SupplierRef,
    Text,
)


class ServiceStatus(str, enum.Enum):
    """Where a service stands in its life cycle."""

    PIPELINE = "pipeline"
    LIVE = "live"
    RETIRED = "retired"


class CostLine(Strict):
    """One cost making up a service (seed 000: the sheet determines the service's costs)."""

    item: Text
    cost: Money
    recurrence: Annotated[str, Field(pattern=r"^(one-off|monthly|quarterly|yearly)$")] = "monthly"


class Component(Strict):
    """A part of the service: software, hardware, supplier contribution."""

    name: Text
    supplier: SupplierRef | None = None
    description: Text | None = None


@register("service", en="Service sheet", fr="Fiche descriptive de service (FS)")
class Service(Document):
    """A service sheet (FS): one entry of the service nomenclature, with its costs."""

    code: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$", description="Nomenclature code")]
    name: Text
    service_status: ServiceStatus
    description: Text
    benefits: list[Text] = Field(default_factory=list)
    service_owner: PersonRef
    components: list[Component] = Field(default_factory=list)
    dependencies: list[SupplierRef] = Field(default_factory=list)
    standard_hours: ServiceHours | None = None
    costs: list[CostLine] = Field(default_factory=list)
    price: Money | None = None
    request_channels: list[Text] = Field(default_factory=list)


@register("catalogue", en="Service catalogue", fr="Catalogue de services")
class Catalogue(Document):
    """The service catalogue, built from the service sheets and approved by D."""

    introduction: Text | None = None
    services: Annotated[list[ServiceRef], Field(min_length=1)]


class Requirement(Strict):
    """One requirement expressed by a customer."""

    ref: NonEmptyStr
    text: Text
    priority: Annotated[str, Field(pattern=r"^(must|should|could)$")] = "must"
    service: ServiceRef | None = None


@register("customer-requirements", en="Customer requirements", fr="Exigences du client")
class CustomerRequirements(Record):
    """Requirements a customer expressed, from which the SLA is negotiated."""

    customer: CustomerRef
    received_on: dt.date
    collected_by: PersonRef | None = None
    requirements: Annotated[list[Requirement], Field(min_length=1)]

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The day the requirements were received."""
        return (self.received_on, self.received_on)
