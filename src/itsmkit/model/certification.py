"""The certification cycle (seed 001, task ITSM-CERT.3.1): body, contract, certificate, audits.

Seed 001: the certificate is valid three years; the certification body (OCA) runs
surveillance audits every 6 to 12 months under the certification contract, and a
renewal audit at the end of the three years, under a new contract.
"""

import datetime as dt
from typing import Annotated

from pydantic import Field, StrictInt, model_validator

from itsmkit.model.audit import AuditType
from itsmkit.model.base import Entity, Strict, register
from itsmkit.model.types import AuditReportRef, NonEmptyStr, Text


class CertificationBody(Strict):
    """The certification body (OCA) and who to reach there."""

    name: NonEmptyStr
    accreditation: Text | None = Field(default=None, description="e.g. COFRAC, UKAS, itSMF.")
    contact: Text | None = None


class CertificationContract(Strict):
    """The contract with the certification body."""

    reference: NonEmptyStr
    signed_on: dt.date
    ends_on: dt.date | None = None


class IssuedCertificate(Strict):
    """The certificate the body issued (three years, seed 001)."""

    number: NonEmptyStr
    issued_on: dt.date
    expires_on: dt.date

    @model_validator(mode="after")
    def _order(self) -> "IssuedCertificate":
        if self.expires_on <= self.issued_on:
            raise ValueError("expires_on must come after issued_on")
        return self


class PlannedAudit(Strict):
    """An external audit of the cycle: planned, then held, with its report."""

    audit_type: AuditType
    planned_on: dt.date
    held_on: dt.date | None = None
    report: AuditReportRef | None = None


@register("certification", en="Certification cycle", fr="Cycle de certification")
class Certification(Entity):
    """The company's certification against a standard, and the audits that keep it."""

    standard: NonEmptyStr = Field(description="e.g. iso20000-1:2018")
    scope: Text | None = None
    body: CertificationBody
    contract: CertificationContract | None = None
    certificate: IssuedCertificate | None = None
    surveillance_months: Annotated[StrictInt, Field(ge=6, le=12)] = Field(
        default=12, description="Months between surveillance audits (seed 001: 6 to 12)."
    )
    audits: list[PlannedAudit] = Field(default_factory=list)
