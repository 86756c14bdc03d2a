"""The competency dictionary of seed 003: what levels 1-5 mean, and whose knowledge areas."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from itsmkit.frameworks.catalog import frameworks_dir, load_data
from itsmkit.frameworks.schema.competency import CompetencyFile, CompetencyLevel, KnowledgeAreaEntry

FILE = "gc-competency-2006.yaml"


@cache
def competency() -> CompetencyFile:
    """The shipped dictionary (levels with their behaviours, knowledge areas)."""
    return load_data(frameworks_dir() / "competency" / FILE, CompetencyFile)


def level(number: int) -> CompetencyLevel:
    """Level ``number`` (1 introduction … 5 expert)."""
    return competency().levels[number - 1]


def area(ident: str) -> KnowledgeAreaEntry | None:
    """The knowledge area ``ident`` (``service-management``, ``audit``…), or None."""
    return next((a for a in competency().areas if a.id == ident), None)


def describe_levels(numbers: Iterable[int]) -> str:
    """What each level asks, quoted from seed 003, e.g. for a competence gap."""
    parts = []
    for number in sorted(set(numbers)):
        lv = level(number)
        quoted = " ".join(f"« {b} »" for b in lv.behaviours)
        parts.append(f"level {number} « {lv.fr} » ({lv.en}): {quoted}")
    return "Government of Canada competency dictionary (seed 003), " + "; ".join(parts)


def describe_area(ident: str) -> str:
    """``ident`` with a mark when the area is itsmkit's own, not the dictionary's."""
    found = area(ident)
    return f"{ident} (itsmkit's own area)" if found and found.origin == "itsmkit" else ident
