"""Read the typed mappings between frameworks, in either direction."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from itsmkit.frameworks.catalog import frameworks_dir, load_data
from itsmkit.frameworks.schema.mapping import MappingFile, MappingRow

FLIP = {"subset": "superset", "superset": "subset"}


@dataclass(frozen=True, slots=True)
class Link:
    """A mapping row seen from one side: ``source/item`` relates to ``target/other``."""

    source: str
    item: str
    target: str
    other: str
    relation: str
    rationale: str
    origin: str
    confidence: str
    editorial: bool
    file: str


def mapping_paths() -> list[Path]:
    """Every shipped mapping file."""
    return sorted((frameworks_dir() / "mappings").glob("*.yaml"))


@cache
def _mapping_at(path: Path) -> MappingFile:
    return load_data(path, MappingFile)


def all_mappings() -> list[tuple[Path, MappingFile]]:
    """Every mapping file, read."""
    return [(p, _mapping_at(p)) for p in mapping_paths()]


def _links(path: Path, data: MappingFile, row: MappingRow, *, reverse: bool) -> Link:
    origin = data.sources[row.source]
    if reverse:
        return Link(
            data.target,
            row.to,
            data.framework,
            row.from_,
            FLIP.get(row.relation, row.relation),
            row.rationale,
            origin,
            row.confidence,
            row.editorial,
            path.name,
        )
    return Link(
        data.framework,
        row.from_,
        data.target,
        row.to,
        row.relation,
        row.rationale,
        origin,
        row.confidence,
        row.editorial,
        path.name,
    )


def links_between(source: str, target: str) -> list[Link]:
    """Rows relating ``source`` items to ``target`` items, oriented source → target."""
    out: list[Link] = []
    for path, data in all_mappings():
        if data.framework == source and data.target == target:
            out.extend(_links(path, data, r, reverse=False) for r in data.rows)
        elif data.framework == target and data.target == source:
            out.extend(_links(path, data, r, reverse=True) for r in data.rows)
    return out


def links_of(framework: str, item: str | None = None) -> list[Link]:
    """Every row touching ``framework`` (and ``item`` if given), oriented from it."""
    out: list[Link] = []
    for path, data in all_mappings():
        for row in data.rows:
            if data.framework == framework and (item is None or row.from_ == item):
                out.append(_links(path, data, row, reverse=False))
            if data.target == framework and (item is None or row.to == item):
                out.append(_links(path, data, row, reverse=True))
    return out


def mapped_frameworks(framework: str) -> list[str]:
    """Frameworks that ``framework`` has a mapping with."""
    found: set[str] = set()
    for _, data in all_mappings():
        if data.framework == framework:
            found.add(data.target)
        elif data.target == framework:
            found.add(data.framework)
    return sorted(found)
