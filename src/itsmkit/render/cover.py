"""What the cover page of a deliverable says, from the artefact and its references."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from itsmkit.model.agreement import Sla, Uc
from itsmkit.model.audit import AuditReport
from itsmkit.model.base import Artefact, Document
from itsmkit.model.organisation import Customer, Supplier
from itsmkit.model.relationship import Minutes
from itsmkit.model.reporting import ServiceReport
from itsmkit.render import filters as f
from itsmkit.render.context import Index, display_name
from itsmkit.render.docx_page import CoverInfo
from itsmkit.render.labels import COVER, label


def _party(art: Artefact, index: Index, lang: str) -> tuple[str, str] | None:
    """The customer or supplier the deliverable is for, as a cover line."""
    if isinstance(art, Sla) and art.customer:
        return COVER["customer"][lang], display_name(index.get(art.customer), art.customer, lang)
    if isinstance(art, Uc):
        return COVER["supplier"][lang], display_name(index.get(art.supplier), art.supplier, lang)
    if isinstance(art, ServiceReport):
        sla = index.get(art.sla, Sla)
        if sla is not None and sla.customer:
            return COVER["customer"][lang], display_name(
                index.get(sla.customer), sla.customer, lang
            )
    if isinstance(art, Minutes):
        party = index.get(art.party)
        key = "supplier" if isinstance(party, Supplier) else "customer"
        if isinstance(party, Customer | Supplier):
            return COVER[key][lang], display_name(party, art.party, lang)
    if isinstance(art, AuditReport):
        return COVER["standard"][lang], art.standard
    return None


def cover_for(
    art: Artefact,
    index: Index,
    *,
    lang: str,
    organisation: str,
    title: str,
    when: dt.date | None,
    draft: bool,
    logo: Path | None,
) -> CoverInfo:
    """The cover of one artefact in one language."""
    model = type(art)
    rows: list[tuple[str, str]] = []
    party = _party(art, index, lang)
    if party is not None:
        rows.append(party)
    if isinstance(art, Document):
        rows.append((COVER["version"][lang], art.version))
        rows.append((COVER["status"][lang], label(art.status, lang)))
    if when is not None:
        rows.append((COVER["date"][lang], f.date(when, lang) or ""))
    return CoverInfo(
        organisation=organisation,
        title=title,
        kind_title=model.title_fr if lang == "fr" else model.title_en,
        lang=lang,
        doc_id=art.id,
        rows=tuple(rows),
        draft=draft,
        logo=logo,
    )
