"""Base classes of every artefact: documents show intent, records give evidence.

ISO/IEC 20000 distinguishes documents (policies, plans, procedures, SLAs, contracts),
which carry document control, from records (reports, complaints, incidents, audit
reports, minutes, training), which carry the dates of what they record.
"""

import datetime as dt
import enum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from itsmkit.model.types import ArtefactId, NonEmptyStr, PersonRef, Text

SCHEMA_VERSION = 1


class Family(str, enum.Enum):
    """Which side of the ISO/IEC 20000 document/record divide an artefact is on."""

    DOCUMENT = "document"
    RECORD = "record"
    ENTITY = "entity"


class Strict(BaseModel):
    """Every model refuses unknown keys so that typos are caught."""

    model_config = ConfigDict(
        extra="forbid", populate_by_name=False, validate_default=False, defer_build=True
    )


ClauseId = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9.-]*(?::[A-Za-z0-9.-]+)?/[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="A catalog item, written FRAMEWORK/ITEM, e.g. iso20000-1:2018/8.3.3.",
    ),
]


class Artefact(Strict):
    """Fields every artefact file declares."""

    family: ClassVar[Family] = Family.ENTITY
    kind_name: ClassVar[str] = ""
    title_fr: ClassVar[str] = ""
    title_en: ClassVar[str] = ""
    batchable: ClassVar[bool] = False

    kind: str
    id: ArtefactId
    schema_version: Annotated[StrictInt, Field(ge=1, le=SCHEMA_VERSION)]
    addresses: list[ClauseId] = Field(
        default_factory=list,
        description="Catalog items this artefact evidences, e.g. iso20000-1:2018/8.3.3.",
    )
    tags: list[str] = Field(default_factory=list)
    notes: Text | None = None

    def evidence_dates(self) -> tuple[dt.date, dt.date] | None:
        """The span of dates this artefact gives evidence for, if it is dated."""
        return None


class DocStatus(str, enum.Enum):
    """Life cycle of a controlled document."""

    DRAFT = "draft"
    APPROVED = "approved"
    RETIRED = "retired"


class Revision(Strict):
    """One line of a document's revision history."""

    version: NonEmptyStr
    date: dt.date
    author: PersonRef | None = None
    summary: Text | None = None


class Document(Artefact):
    """A controlled document: it shows intent and carries document control."""

    family: ClassVar[Family] = Family.DOCUMENT

    title: Text
    version: Annotated[str, Field(pattern=r"^\d+(?:\.\d+){0,2}$", description="e.g. 1.0")]
    status: DocStatus
    owner: PersonRef
    approver: PersonRef | None = None
    approved_on: dt.date | None = None
    next_review: dt.date | None = None
    history: list[Revision] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date] | None:
        """A document evidences the day it was approved, if it was."""
        if self.approved_on is None:
            return None
        return (self.approved_on, self.approved_on)


class Record(Artefact):
    """A record: evidence that an activity took place, dated by what it records."""

    family: ClassVar[Family] = Family.RECORD

    title: Text | None = None


class Entity(Artefact):
    """Something the ITSMS refers to (a person, a customer), neither document nor record."""

    family: ClassVar[Family] = Family.ENTITY


def describe(model: type[Artefact]) -> dict[str, Any]:
    """Short facts about a kind, for listings and docs."""
    return {
        "kind": model.kind_name,
        "family": model.family.value,
        "title_en": model.title_en,
        "title_fr": model.title_fr,
        "batchable": model.batchable,
    }


_REGISTRY: dict[str, type[Artefact]] = {}


def register(kind: str, *, en: str, fr: str, batchable: bool = False) -> Any:
    """Class decorator: declare the ``kind`` a model validates, with its titles."""

    def decorate(cls: type[Artefact]) -> type[Artefact]:
        if kind in _REGISTRY:
            raise RuntimeError(f"kind {kind!r} registered twice")
        cls.kind_name = kind
        cls.title_en = en
        cls.title_fr = fr
        cls.batchable = batchable
        _REGISTRY[kind] = cls
        return cls

    return decorate
