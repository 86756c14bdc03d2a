"""Build what a template sees: the artefact plus every reference already resolved.

Templates stay simple because this module does the joins: an SLA gets its customer and
services, a UC the targets of the SLAs it underpins, a service report its SLA and the
actions its breaches led to, an audit report its findings by grade and its action plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from itsmkit.model.agreement import Party, Sla, Uc
from itsmkit.model.audit import Action, ActionPlan, AuditReport, Finding, Grade
from itsmkit.model.base import Artefact, DocStatus, Document, Record
from itsmkit.model.capacity import CapacityPlan
from itsmkit.model.design import ServicePlan
from itsmkit.model.governance import Policy, Procedure
from itsmkit.model.organisation import Customer, Supplier
from itsmkit.model.relationship import Minutes
from itsmkit.model.reporting import ServiceReport
from itsmkit.model.service import Catalogue, Service, ServiceStatus
from itsmkit.model.types import Money
from itsmkit.render import filters as f

RENDERABLE: tuple[str, ...] = (
    "sla",
    "uc",
    "service",
    "catalogue",
    "capacity-plan",
    "service-plan",
    "service-report",
    "procedure",
    "policy",
    "audit-report",
    "minutes",
)
"""Kinds ``itsmkit render`` knows, in the order ``render all`` lists them."""


@dataclass(frozen=True, slots=True)
class Index:
    """Every valid artefact of the repository by id."""

    by_id: dict[str, Artefact]

    @classmethod
    def of(cls, artefacts: Iterable[Artefact]) -> Index:
        """Index artefacts by id (the first wins on a duplicate, which validation reports)."""
        by_id: dict[str, Artefact] = {}
        for art in artefacts:
            by_id.setdefault(art.id, art)
        return cls(by_id)

    def get(self, ref: str | None, kind: type[Any] = Artefact) -> Any:
        """The artefact ``ref`` if it exists and is of the given model, else None."""
        art = self.by_id.get(ref) if ref else None
        return art if isinstance(art, kind) else None

    def many(self, refs: Iterable[str], kind: type[Any] = Artefact) -> list[Any]:
        """The artefacts that exist among ``refs``, in order."""
        return [a for a in (self.get(r, kind) for r in refs) if a is not None]


def display_name(art: Artefact | None, ref: str | None, lang: str) -> str:
    """How a reader knows an artefact: a name, a title, a summary, or its id."""
    if art is None:
        return ref or ""
    for attr in ("name", "title", "summary", "description"):
        value = getattr(art, attr, None)
        if value:
            return f.text(value, lang) or art.id
    return art.id


def language_of(art: Artefact, index: Index) -> str | None:
    """The language of the party an artefact is for (customer or supplier), if stated."""
    party: Artefact | None = None
    if isinstance(art, Sla):
        party = index.get(art.customer, Customer)
    elif isinstance(art, Uc):
        party = index.get(art.supplier, Supplier)
    elif isinstance(art, ServiceReport):
        sla = index.get(art.sla, Sla)
        party = index.get(sla.customer, Customer) if sla else None
    elif isinstance(art, Minutes):
        party = index.get(art.party)
    language = getattr(party, "language", None)
    return language if isinstance(language, str) else None


def _party_sig(party: Party | None, signatures: list[Any], side: str) -> dict[str, Any]:
    signed = next((s for s in signatures if s.party == side), None)
    return {
        "name": signed.name if signed else (party.name if party else None),
        "function": signed.function if signed else (party.function if party else None),
        "signed_on": signed.signed_on if signed else None,
        "signed": signed is not None,
        "method": signed.method if signed else None,
    }


def _totals(amounts: Iterable[Money | None]) -> list[Money]:
    sums: dict[str, Decimal] = {}
    for m in amounts:
        if m is not None:
            sums[m.currency] = sums.get(m.currency, Decimal(0)) + m.amount
    return [Money(amount=v, currency=k) for k, v in sorted(sums.items())]


def _sla(doc: Sla, ix: Index, lang: str) -> dict[str, Any]:
    customer = ix.get(doc.customer, Customer)
    pre = doc.preamble
    customer_party = pre.customer_representative if pre else None
    if customer_party is None and customer is not None and customer.representative is not None:
        customer_party = Party(
            name=customer.representative.name, function=customer.representative.function
        )
    return {
        "customer": customer,
        "services": ix.many(doc.services, Service),
        "requirements": ix.many(doc.requirements),
        "provider_sig": _party_sig(
            pre.provider_representative if pre else None, doc.signatures, "provider"
        ),
        "customer_sig": _party_sig(customer_party, doc.signatures, "customer"),
    }


def _carried(sla: Sla, uc: Uc) -> list[dict[str, Any]]:
    """The SLA's targets beside the UC's, with whether the UC is at least as strict."""
    rows: list[dict[str, Any]] = []
    st = sla.targets
    if st is not None and (st.availability is not None or uc.targets.availability is not None):
        a, b = st.availability, uc.targets.availability
        rows.append(
            {
                "what": "availability",
                "priority": None,
                "sla": a,
                "uc": b,
                "ok": None if a is None or b is None else b >= a,
            }
        )
    uc_by = {p.priority: p for p in uc.targets.per_priority}
    for p in st.per_priority if st else []:
        q = uc_by.get(p.priority)
        for what in ("response", "resolution"):
            mine, theirs = getattr(p, what), getattr(q, what) if q else None
            rows.append(
                {
                    "what": what,
                    "priority": p.priority,
                    "sla": mine,
                    "uc": theirs,
                    "ok": None if theirs is None else theirs <= mine,
                }
            )
    return rows


def _uc(doc: Uc, ix: Index, lang: str) -> dict[str, Any]:
    supplier = ix.get(doc.supplier, Supplier)
    slas = ix.many(doc.slas, Sla)
    rep = supplier.representative if supplier else None
    return {
        "supplier": supplier,
        "slas": slas,
        "carried": [
            {"sla": s, "customer": ix.get(s.customer, Customer), "rows": _carried(s, doc)}
            for s in slas
        ],
        "services": ix.many(doc.services, Service),
        "contact": ix.get(doc.contact),
        "dispute_procedure": ix.get(doc.dispute_procedure),
        "provider_sig": _party_sig(None, doc.signatures, "provider"),
        "supplier_sig": _party_sig(
            Party(name=rep.name, function=rep.function) if rep else None, doc.signatures, "supplier"
        ),
    }


def _service(doc: Service, ix: Index, lang: str) -> dict[str, Any]:
    return {
        "service_owner": ix.get(doc.service_owner),
        "dependencies": ix.many(doc.dependencies),
        "slas": sorted(
            (s for s in ix.by_id.values() if isinstance(s, Sla) and doc.id in s.services),
            key=lambda s: s.id,
        ),
        "cost_totals": _totals(c.cost for c in doc.costs),
    }


def _catalogue(doc: Catalogue, ix: Index, lang: str) -> dict[str, Any]:
    listed = ix.many(doc.services, Service)
    return {
        "services": [s for s in listed if s.service_status is ServiceStatus.LIVE],
        "not_live": [s for s in listed if s.service_status is not ServiceStatus.LIVE],
    }


def _capacity(doc: CapacityPlan, ix: Index, lang: str) -> dict[str, Any]:
    measures = [
        {
            "m": m,
            "use": (m.current / m.capacity * 100) if m.capacity else None,
            "forecast_use": (m.forecast / m.capacity * 100) if m.capacity else None,
            "alert": m.forecast >= m.threshold,
        }
        for m in doc.measures
    ]
    return {"services": ix.many(doc.services, Service), "measures": measures}


def _service_plan(doc: ServicePlan, ix: Index, lang: str) -> dict[str, Any]:
    return {
        "service": ix.get(doc.service, Service),
        "policy": ix.get(doc.policy, Policy),
        "cost_totals": _totals([c.cost for c in doc.costs] + [r.cost for r in doc.resources]),
    }


def _service_report(doc: ServiceReport, ix: Index, lang: str) -> dict[str, Any]:
    sla = ix.get(doc.sla, Sla)
    preventive = [a for alert in doc.alerts for a in ix.many(alert.actions, Action)]
    return {
        "sla": sla,
        "customer": ix.get(sla.customer, Customer) if sla else None,
        "services": ix.many(sla.services, Service) if sla else [],
        "met": sum(1 for m in doc.measurements if m.met),
        "missed": sum(1 for m in doc.measurements if not m.met),
        "preventive_actions": preventive,
        "breach_actions": [a for b in doc.breaches for a in ix.many(b.actions, Action)],
    }


_GRADES = (Grade.MAJOR, Grade.MINOR, Grade.OBSERVATION, Grade.OPPORTUNITY)


def _audit_report(doc: AuditReport, ix: Index, lang: str) -> dict[str, Any]:
    listed = ix.many(doc.findings, Finding)
    seen = {x.id for x in listed}
    # Findings point at their audit; those not listed in the report still belong to it.
    extra = sorted(
        (
            x
            for x in ix.by_id.values()
            if isinstance(x, Finding) and x.audit == doc.id and x.id not in seen
        ),
        key=lambda x: x.id,
    )
    findings = listed + extra
    action_ids: list[str] = []
    for finding in findings:
        action_ids += [a for a in finding.actions if a not in action_ids]
    for plan in sorted(
        (p for p in ix.by_id.values() if isinstance(p, ActionPlan) and p.audit == doc.id),
        key=lambda p: p.id,
    ):
        action_ids += [a for a in plan.actions if a not in action_ids]
    return {
        "findings": findings,
        "by_grade": [(g, [x for x in findings if x.grade is g]) for g in _GRADES],
        "actions": ix.many(action_ids, Action),
    }


def _procedure(doc: Procedure, ix: Index, lang: str) -> dict[str, Any]:
    return {"roles": ix.many(doc.roles)}


def _policy(doc: Policy, ix: Index, lang: str) -> dict[str, Any]:
    return {}


def _minutes(doc: Minutes, ix: Index, lang: str) -> dict[str, Any]:
    return {"party": ix.get(doc.party), "actions": ix.many(doc.actions, Action)}


_BUILDERS: dict[str, Callable[[Any, Index, str], dict[str, Any]]] = {
    "sla": _sla,
    "uc": _uc,
    "service": _service,
    "catalogue": _catalogue,
    "capacity-plan": _capacity,
    "service-plan": _service_plan,
    "service-report": _service_report,
    "audit-report": _audit_report,
    "procedure": _procedure,
    "policy": _policy,
    "minutes": _minutes,
}


def build_context(art: Artefact, index: Index, *, lang: str, organisation: str) -> dict[str, Any]:
    """Everything a deliverable's template may use, for one artefact and language."""
    model = type(art)

    def name(ref: str | None) -> str:
        return display_name(index.get(ref), ref, lang)

    context: dict[str, Any] = {
        "doc": art,
        "kind": art.kind,
        "lang": lang,
        "org": organisation,
        "kind_title": model.title_fr if lang == "fr" else model.title_en,
        "is_document": isinstance(art, Document),
        "is_record": isinstance(art, Record),
        "draft": isinstance(art, Document) and art.status is DocStatus.DRAFT,
        "name": name,
        "ref": index.get,
    }
    builder = _BUILDERS.get(art.kind)
    if builder is not None:
        context.update(builder(art, index, lang))
    return context
