"""Information security management: the periodic security reviews that evidence it.

Seed 001 counts information security among the processes an ITSMS must run before
certification; the policy is the intent, and access reviews, risk reviews, vulnerability
scans and restore tests are the records an auditor samples.
"""

import datetime as dt
import enum

from pydantic import Field, StrictBool

from itsmkit.model.base import Record, register
from itsmkit.model.types import ActionRef, PersonRef, ServiceRef, Text


class SecurityReviewType(str, enum.Enum):
    """What a security review looked at."""

    ACCESS = "access"
    RISK = "risk"
    VULNERABILITY = "vulnerability"
    RESTORE_TEST = "restore-test"
    AWARENESS = "awareness"
    OTHER = "other"


@register("security-review", en="Security review", fr="Revue de sécurité de l'information")
class SecurityReview(Record):
    """An information security control carried out and its result."""

    review_type: SecurityReviewType
    held_on: dt.date
    reviewer: PersonRef
    services: list[ServiceRef] = Field(default_factory=list)
    scope: Text | None = None
    result: Text
    passed: StrictBool | None = Field(
        default=None, description="Whether the control found nothing that needs an action."
    )
    actions: list[ActionRef] = Field(default_factory=list)

    def evidence_dates(self) -> tuple[dt.date, dt.date]:
        """The day of the review."""
        return (self.held_on, self.held_on)
