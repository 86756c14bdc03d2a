"""The incidents and service requests an SLA covers, indexed once per repository."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from itsmkit.model.operations import TicketStatus, _Ticket
from itsmkit.repo.loader import Loaded, Repository
from itsmkit.sla.results import INCIDENT, REQUEST, Evidence


@dataclass(frozen=True, slots=True)
class Covered:
    """A ticket an SLA may cover: its loaded file entry, the record, and its kind."""

    item: Loaded
    ticket: _Ticket
    kind: str


def evidence_of(entry: Covered) -> Evidence:
    """The ticket as evidence (its line is filled in later, by ``sla.locate``)."""
    return Evidence(entry.ticket.id, entry.kind, entry.item.file, entry.item.prefix)


def index_tickets(repo: Repository) -> dict[tuple[str, str], list[Covered]]:
    """Incidents and service requests per (customer, service), cancelled ones left out."""
    out: dict[tuple[str, str], list[Covered]] = defaultdict(list)
    for item in repo.artefacts:
        art = item.artefact
        kind = art.kind
        if kind != INCIDENT and kind != REQUEST:
            continue
        assert isinstance(art, _Ticket)
        if art.status is TicketStatus.CANCELLED:
            continue
        out[(art.customer, art.service)].append(Covered(item, art, kind))
    return out
