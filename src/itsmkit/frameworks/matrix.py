"""The deployment packages' Annex D matrices, and where they disagree with the mappings.

The seed's cells are data, reproduced as printed. itsmkit's reviewed view of a cell is
computed: the activity's clauses (through the ITSM-* alias table) are looked up in the
shipped mapping to the matrix's framework; a clause inside a mapped item (equal or
subset) counts C, an overlap (superset or intersect) P, and nothing or only ``related``
rows N. Several clauses combine as all C → C, any C or P → P, else N.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from itsmkit.frameworks.catalog import catalog, frameworks_dir, load_data, split_clause_id
from itsmkit.frameworks.mapping import links_between
from itsmkit.frameworks.schema.matrix import MatrixFile

FULL = ("equal", "subset")
PARTIAL = ("superset", "intersect")


@cache
def annex_d() -> MatrixFile:
    """The shipped Annex D data."""
    return load_data(frameworks_dir() / "matrices" / "dp-annex-d.yaml", MatrixFile)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A seed cell whose coverage differs from itsmkit's reviewed mapping."""

    package: str
    matrix: str
    framework: str
    activity: str
    seed: str
    reviewed: str
    clauses: tuple[str, ...]
    targets: tuple[str, ...]


def alias_targets(activity: str, edition: str) -> list[str]:
    """Clause ids of ``edition`` that an ITSM-* activity stands for."""
    out: list[str] = []
    for alias in catalog("dp:itsm").data.aliases:
        if alias.alias != activity:
            continue
        for target in alias.targets:
            fw, item = split_clause_id(target)
            if fw == edition:
                out.append(item)
    return out


def reviewed(
    clauses: list[str], framework: str, edition: str = "iso20000-1:2005"
) -> tuple[str, list[str]]:
    """Itsmkit's coverage of ``clauses`` by ``framework``, and the items that give it."""
    links = links_between(edition, framework)
    per_clause: list[str] = []
    targets: list[str] = []
    for clause in clauses:
        rels = [ln for ln in links if ln.item == clause]
        targets.extend(ln.other for ln in rels if ln.relation != "related")
        if any(ln.relation in FULL for ln in rels):
            per_clause.append("C")
        elif any(ln.relation in PARTIAL for ln in rels):
            per_clause.append("P")
        else:
            per_clause.append("N")
    if per_clause and all(c == "C" for c in per_clause):
        return "C", targets
    if any(c in ("C", "P") for c in per_clause):
        return "P", targets
    return "N", targets


def disagreements() -> list[Disagreement]:
    """Every seed cell that differs from the reviewed mapping (each activity once per matrix)."""
    out: list[Disagreement] = []
    for package in annex_d().packages:
        for matrix in package.matrices:
            if matrix.framework is None:
                continue
            seen: set[str] = set()
            for row in matrix.rows:
                if row.activity in seen:
                    continue
                seen.add(row.activity)
                clauses = alias_targets(row.activity, "iso20000-1:2005")
                mine, targets = reviewed(clauses, matrix.framework)
                if mine != row.coverage:
                    out.append(
                        Disagreement(
                            package.id,
                            matrix.label,
                            matrix.framework,
                            row.activity,
                            row.coverage,
                            mine,
                            tuple(clauses),
                            tuple(targets),
                        )
                    )
    return out


def matrix_payload() -> dict[str, Any]:
    """JSON payload: the matrices as data, the known issues and the disagreements."""
    data = annex_d()
    return {
        "packages": [
            {
                "id": p.id,
                "seed": p.seed,
                "title": p.title.label,
                "matrices": [
                    {
                        "label": m.label,
                        "framework": m.framework,
                        "framework_note": m.framework_note,
                        "practice_header": m.practice_header,
                        "rows": [r.model_dump() for r in m.rows],
                    }
                    for m in p.matrices
                ],
            }
            for p in data.packages
        ],
        "known_issues": [i.model_dump() for i in data.known_issues],
        "disagreements": [
            {
                "package": d.package,
                "matrix": d.matrix,
                "framework": d.framework,
                "activity": d.activity,
                "seed": d.seed,
                "reviewed": d.reviewed,
                "clauses": list(d.clauses),
                "mapped_to": list(d.targets),
            }
            for d in disagreements()
        ],
    }
