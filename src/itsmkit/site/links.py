"""Where each artefact lives in the site, and how its fields read on a page.

Documents and entities get a page each (``a/ID.html``). Records, which a busy company
keeps by the ten thousand, are grouped on register pages per kind and month
(``r/KIND/YYYY-MM.html``, split every :data:`PAGE_SIZE` records), one section each, so
the number of files grows with months, not records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from itsmkit.model.base import Artefact, Family
from itsmkit.query.index import Index
from itsmkit.repo.loader import Loaded

PAGE_SIZE = 1000


def month_of(artefact: Artefact) -> str:
    """The register month of a record (its first evidence date), ``undated`` if none."""
    dates = artefact.evidence_dates()
    return dates[0].strftime("%Y-%m") if dates else "undated"


@dataclass(slots=True)
class Register:
    """One register page: records of one kind in one month (one chunk of it)."""

    kind: str
    month: str
    part: int
    path: str
    items: list[Loaded] = field(default_factory=list)


@dataclass(slots=True)
class Linker:
    """Artefact id → its address in the site, relative to the site's root."""

    urls: dict[str, str] = field(default_factory=dict)
    registers: list[Register] = field(default_factory=list)
    pages: list[Loaded] = field(default_factory=list)
    slas: set[str] = field(default_factory=set)

    def url(self, artefact_id: str) -> str | None:
        """The page (and anchor) showing ``artefact_id``; None for an unknown id."""
        return self.urls.get(artefact_id)


def plan_links(index: Index) -> Linker:
    """Decide every artefact's page: documents alone, records on registers."""
    linker = Linker()
    groups: dict[tuple[str, str], list[Loaded]] = {}
    for item in index.repo.artefacts:
        a = item.artefact
        if a.family is Family.RECORD:
            groups.setdefault((a.kind, month_of(a)), []).append(item)
        else:
            linker.pages.append(item)
            linker.urls[a.id] = f"a/{a.id}.html"
            if a.kind == "sla":
                linker.slas.add(a.id)
    linker.pages.sort(key=lambda i: (i.artefact.kind, i.artefact.id))
    for (kind, month), items in sorted(groups.items()):
        items.sort(key=lambda i: i.artefact.id)
        for part, start in enumerate(range(0, len(items), PAGE_SIZE), start=1):
            suffix = "" if part == 1 else f"-{part}"
            reg = Register(kind, month, part, f"r/{kind}/{month}{suffix}.html")
            reg.items = items[start : start + PAGE_SIZE]
            for item in reg.items:
                linker.urls[item.artefact.id] = f"{reg.path}#{item.artefact.id}"
            linker.registers.append(reg)
    return linker


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flatten(data: Any, lang: str, prefix: str = "") -> list[tuple[str, str]]:
    """Nested fields as (dotted path, text) rows; localised texts in ``lang``."""
    if isinstance(data, dict):
        if data and set(data) <= {"fr", "en"} and all(isinstance(v, str) for v in data.values()):
            return [(prefix, data.get(lang) or next(iter(data.values())))]
        rows: list[tuple[str, str]] = []
        for key, value in data.items():
            rows += flatten(value, lang, f"{prefix}.{key}" if prefix else str(key))
        return rows
    if isinstance(data, list):
        if all(not isinstance(v, (dict, list)) for v in data):
            return [(prefix, ", ".join(_scalar(v) for v in data))]
        rows = []
        for n, value in enumerate(data):
            rows += flatten(value, lang, f"{prefix}[{n}]")
        return rows
    return [(prefix, _scalar(data))]


def by_file(index: Index) -> dict[str, list[Loaded]]:
    """Artefacts per file (relative path)."""
    out: dict[str, list[Loaded]] = {}
    for item in index.repo.artefacts:
        out.setdefault(item.file, []).append(item)
    return out


def evidence_targets(
    index: Index, files: dict[str, list[Loaded]], evidence: Iterable[str]
) -> list[tuple[str, str | None]]:
    """Each evidence of a finding (``file`` or ``file:line``) with the artefact it points at."""
    out: list[tuple[str, str | None]] = []
    for text in evidence:
        file, _, line_text = text.rpartition(":")
        if not file or not line_text.isdigit():
            file, line_text = text, ""
        items = files.get(file, [])
        target = None
        if items and line_text:
            line = int(line_text)
            starts = sorted((index.where(i)[0], i.artefact.id) for i in items)
            before = [ident for start, ident in starts if start <= line]
            target = before[-1] if before else starts[0][1]
        elif items:
            target = items[0].artefact.id
        out.append((text, target))
    return out
