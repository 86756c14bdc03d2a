"""New or changed services (seed 000, task ITSM-SDE.1.1.1): the PMEONS plan."""

import datetime as dt
import enum

from pydantic import Field, StrictBool

from itsmkit.model.base import Document, Strict, register
from itsmkit.model.types import Money, PersonRef, PolicyRef, ServiceRef, Text


class ImpactArea(str, enum.Enum):
    """Impacts the plan must weigh (seed 000: commercial, technical, financial)."""

    COMMERCIAL = "commercial"
    TECHNICAL = "technical"
    FINANCIAL = "financial"
    ORGANISATIONAL = "organisational"


class Impact(Strict):
    """One expected impact of the new or changed service."""

    area: ImpactArea
    description: Text


class Milestone(Strict):
    """A dated step of the implementation schedule."""

    name: Text
    due: dt.date
    owner: PersonRef | None = None
    done: StrictBool = False


class ResourceNeed(Strict):
    """People, skills or equipment the implementation needs."""

    description: Text
    cost: Money | None = None


@register(
    "service-plan",
    en="New or changed service plan",
    fr="Plan de mise en œuvre de services nouveaux ou modifiés (PMEONS)",
)
class ServicePlan(Document):
    """Plan for a new or changed service, approved by D before implementation."""

    change_type: str = Field(pattern=r"^(new|changed|retired)$")
    service: ServiceRef | None = None
    proposed_service: Text | None = None
    rationale: Text
    policy: PolicyRef | None = None
    impacts: list[Impact] = Field(default_factory=list)
    costs: list[ResourceNeed] = Field(default_factory=list)
    resources: list[ResourceNeed] = Field(default_factory=list)
    schedule: list[Milestone] = Field(default_factory=list)
    acceptance_criteria: list[Text] = Field(min_length=1)
    implemented_on: dt.date | None = None
