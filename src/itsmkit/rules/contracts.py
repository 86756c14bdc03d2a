"""Contracts are complete, or say so before they reach the document.

An SLA or an underpinning contract is signed by a customer or a supplier: the price
with its tax basis and period, the term, and the other party's legal identity must be
in it. Each missing item is a ``contract-incomplete`` warning naming the field; the
rendered draft marks it *to fill*, and an approved deliverable prints no placeholder.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from itsmkit.catalogue import make
from itsmkit.issues import Issue
from itsmkit.model.agreement import Sla, Uc
from itsmkit.model.base import DocStatus
from itsmkit.model.organisation import Customer, Supplier
from itsmkit.repo.loader import Repository


def _price(doc: Sla | Uc) -> Iterator[tuple[str, str]]:
    if doc.price is None:
        yield "price", "the price (`price: {amount: ..., tax: excl, per: month}`)"
        return
    if doc.price.tax is None:
        yield "price", "the price's tax basis (`tax: excl` for HT, `tax: incl` for TTC)"
    if doc.price.per is None:
        yield (
            "price",
            "the period the price pays for (`per: month`, `quarter`, `year` or `one-off`)",
        )


def _missing(doc: Sla | Uc, parties: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield from _price(doc)
    if isinstance(doc, Sla):
        if doc.validity is None:
            yield "validity", "the term (`validity: {start: ..., end: ...}`)"
        customer = parties.get(doc.customer or "")
        if isinstance(customer, Customer):
            if not customer.legal_name:
                yield "customer", f"the customer's legal name (`legal_name:` of {customer.id})"
            if not customer.address:
                yield "customer", f"the customer's address (`address:` of {customer.id})"
    else:
        supplier = parties.get(doc.supplier)
        if isinstance(supplier, Supplier) and not supplier.address:
            yield "supplier", f"the supplier's address (`address:` of {supplier.id})"
        for target in doc.targets.per_priority:
            if target.definition is None:
                yield "targets", f"the definition of priority {target.priority}"


def check_contracts(repo: Repository) -> Iterator[Issue]:
    """One warning per item an SLA or UC that is not retired lacks."""
    parties = {
        item.artefact.id: item.artefact
        for item in repo.artefacts
        if isinstance(item.artefact, Customer | Supplier)
    }
    for item in repo.artefacts:
        doc = item.artefact
        if not isinstance(doc, Sla | Uc) or doc.status is DocStatus.RETIRED:
            continue
        kind = "SLA" if isinstance(doc, Sla) else "UC"
        for field, what in _missing(doc, parties):
            yield make(
                "contract-incomplete",
                f"{kind} lacks {what}",
                item.file,
                loc=(*item.prefix, field) if getattr(doc, field, None) is not None else item.prefix,
                artefact=doc.id,
            )
