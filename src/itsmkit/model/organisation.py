"""Organisation: people and the roles they hold, customers and suppliers.

Roles follow the deployment packages (seed 000 §4.2, seed 001 §4.2): D, RGS, RGS/RC,
RGS/AC, CS, RCF... Competences follow seed 003: a knowledge area and a level from
1 (introduction) to 5 (expert).
"""

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Annotated

from pydantic import Field, StrictBool, StrictInt

from itsmkit.model.base import Entity, Strict, register
from itsmkit.model.governance import Process
from itsmkit.model.types import (
    Email,
    NonEmptyStr,
    PersonRef,
    RoleRef,
    Text,
)


class KnowledgeArea(str, enum.Enum):
    """Knowledge areas of the service-management competency dictionary (seed 003)."""

    SERVICE_MANAGEMENT = "service-management"
    CHANGE = "change"
    CONFIGURATION = "configuration"
    RELEASE = "release"
    PROBLEM = "problem"
    SERVICE_DESK = "service-desk"
    AUDIT = "audit"
    INFORMATION_SECURITY = "information-security"
    CAPACITY = "capacity"
    SUPPLIER = "supplier"
    FINANCE = "finance"


Level = Annotated[
    StrictInt,
    Field(ge=1, le=5, description="1 introduction, 2 basic, 3 intermediate, 4 advanced, 5 expert"),
]


class Competence(Strict):
    """A knowledge area mastered at a level (seed 003)."""

    area: KnowledgeArea
    level: Level
    assessed_on: dt.date | None = None


class Certificate(Strict):
    """A personal certificate, e.g. ISO/IEC 20000 Foundation."""

    name: NonEmptyStr
    issuer: str | None = None
    obtained_on: dt.date
    expires_on: dt.date | None = None


@register("person", en="Person", fr="Personne")
class Person(Entity):
    """A member of staff (or an external party's contact) holding ITSMS roles."""

    name: NonEmptyStr
    email: Email | None = None
    job_title: Text | None = None
    roles: list[RoleRef] = Field(default_factory=list)
    competences: list[Competence] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)
    active: StrictBool = True


class RequiredCompetence(Strict):
    """What a role asks of whoever holds it."""

    area: KnowledgeArea
    level: Level


@register("role", en="Role", fr="Rôle")
class Role(Entity):
    """A role of the deployment packages (D, RGS/RC, RGS/AC, CS, RCF...)."""

    code: Annotated[str, Field(pattern=r"^[A-Z]{1,5}(?:/[A-Z]{1,5})?$", description="e.g. RGS/RC")]
    name: Text
    description: Text | None = None
    responsibilities: list[Text] = Field(default_factory=list)
    processes: list[Process] = Field(default_factory=list, description="Processes this role owns.")
    required_competences: list[RequiredCompetence] = Field(default_factory=list)


class Contact(Strict):
    """Someone to talk to at a customer or supplier."""

    name: NonEmptyStr
    function: Text | None = None
    email: Email | None = None
    phone: str | None = None


@register("customer", en="Customer", fr="Client")
class Customer(Entity):
    """A customer of the service provider."""

    name: NonEmptyStr
    legal_name: str | None = None
    language: Annotated[str, Field(pattern=r"^(fr|en)$")] | None = None
    address: str | None = None
    representative: Contact | None = Field(
        default=None, description="Who signs agreements for the customer."
    )
    contacts: list[Contact] = Field(default_factory=list)
    account_manager: PersonRef | None = None
    since: dt.date | None = None


class SupplierType(str, enum.Enum):
    """F supplies components; FT (third party) delivers all or part of a service."""

    COMPONENT = "F"
    THIRD_PARTY = "FT"


@register("supplier", en="Supplier", fr="Fournisseur")
class Supplier(Entity):
    """A supplier (F) or a subcontractor delivering part of a service (FT)."""

    name: NonEmptyStr
    supplier_type: SupplierType
    language: Annotated[str, Field(pattern=r"^(fr|en)$")] | None = None
    address: str | None = None
    representative: Contact | None = None
    contacts: list[Contact] = Field(default_factory=list)
    supplies: Text | None = Field(default=None, description="What this supplier provides.")
    relationship_owner: PersonRef | None = None


def process_owners(
    roles: Iterable[Role], people: Iterable[Person]
) -> dict[str, list[tuple[Role, list[Person]]]]:
    """Process key → the roles owning it (``Role.processes``), each with its active holders."""
    holders: dict[str, list[Person]] = {}
    for person in people:
        if person.active:
            for ref in person.roles:
                holders.setdefault(ref, []).append(person)
    owners: dict[str, list[tuple[Role, list[Person]]]] = {}
    for role in roles:
        for process in role.processes:
            owners.setdefault(process.value, []).append((role, holders.get(role.id, [])))
    return owners
