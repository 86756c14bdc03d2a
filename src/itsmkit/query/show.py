"""``itsmkit show ID``: one artefact, where it is, what it references and what references it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from itsmkit.query.index import Index, Link


def _loc_text(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference seen from one side: the other artefact, and where the reference is."""

    other: str
    other_kind: str | None  # None: the id names nothing in the repository
    field: str
    file: str
    line: int
    column: int
    other_file: str | None = None
    other_line: int | None = None


@dataclass(slots=True)
class Shown:
    """An artefact with its position and its references both ways."""

    id: str
    kind: str
    family: str
    file: str
    line: int
    column: int
    data: dict[str, Any]
    references: list[Reference] = field(default_factory=list)
    referenced_by: list[Reference] = field(default_factory=list)


def _reference(index: Index, link: Link, other: str) -> Reference:
    line, column = index.position(link.file, link.loc)
    target = index.by_id.get(other)
    other_line = index.where(target)[0] if target is not None else None
    return Reference(
        other=other,
        other_kind=target.artefact.kind if target is not None else None,
        field=_loc_text(link.loc[len(index.by_id[link.source].prefix) :]),
        file=link.file,
        line=line,
        column=column,
        other_file=target.file if target is not None else None,
        other_line=other_line,
    )


def show(index: Index, artefact_id: str) -> Shown:
    """Everything ``show`` prints about ``artefact_id``."""
    item = index.get(artefact_id)
    line, column = index.where(item)
    a = item.artefact
    shown = Shown(
        id=a.id,
        kind=a.kind,
        family=a.family.value,
        file=item.file,
        line=line,
        column=column,
        data=a.model_dump(mode="json", exclude_unset=True),
    )
    shown.references = [_reference(index, k, k.target) for k in index.outgoing.get(a.id, [])]
    shown.referenced_by = [_reference(index, k, k.source) for k in index.incoming.get(a.id, [])]
    shown.referenced_by.sort(key=lambda r: (r.file, r.line))
    return shown
