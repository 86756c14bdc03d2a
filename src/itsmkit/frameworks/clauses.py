"""Clause by clause results, shared by ``itsmkit trace`` and ``itsmkit audit``.

A clause is C (complete / conformant), P (partial) or N (none / nonconformant), or "-"
when nothing assesses it. Trace judges clauses by evidence requirements, the audit by
the grades of its findings; both roll them up the same way and score a group or the
whole framework as 100 × (C + ½P) / (C + P + N).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from itsmkit.frameworks.evidence import EvidenceRef

COMPLETE, PARTIAL, NONE, NOT_ASSESSED = "C", "P", "N", "-"
STATUSES = (COMPLETE, PARTIAL, NONE)


def score(counts: dict[str, int]) -> float | None:
    """100 × (C + ½P) / (C + P + N), rounded to 0.1, or None when nothing is assessed."""
    assessed = sum(counts.get(s, 0) for s in STATUSES)
    if not assessed:
        return None
    return round(100 * (counts.get(COMPLETE, 0) + counts.get(PARTIAL, 0) / 2) / assessed, 1)


@dataclass(frozen=True, slots=True)
class RequirementResult:
    """One evidence requirement of a clause and what met it."""

    label: str
    needed: int
    evidence: tuple[EvidenceRef, ...]

    @property
    def met(self) -> bool:
        """Whether enough artefacts match."""
        return len(self.evidence) >= self.needed


@dataclass(frozen=True, slots=True)
class ClauseResult:
    """How one clause fares, and why: evidence requirements (trace) or findings (audit)."""

    id: str
    title: str
    group: str
    status: str  # C | P | N | -
    requirements: tuple[RequirementResult, ...] = ()
    addressed_by: tuple[EvidenceRef, ...] = ()
    confidence: str | None = None
    findings: tuple[Any, ...] = ()
    """The audit's findings on this clause (``AuditFinding``; empty for trace)."""

    @property
    def gaps(self) -> list[str]:
        """Labels of the requirements not met."""
        return [r.label for r in self.requirements if not r.met]

    @property
    def evidence(self) -> list[EvidenceRef]:
        """Every artefact evidencing the clause (requirements, then explicit addresses)."""
        seen: dict[str, EvidenceRef] = {}
        for req in self.requirements:
            for ref in req.evidence:
                seen.setdefault(ref.id, ref)
        for ref in self.addressed_by:
            seen.setdefault(ref.id, ref)
        return list(seen.values())


@dataclass(frozen=True, slots=True)
class GroupResult:
    """Roll-up of one clause group (a top-level clause): clauses per status, and its score."""

    id: str
    title: str
    counts: dict[str, int]

    @property
    def score(self) -> float | None:
        """The group's score (None when none of its clauses is assessed)."""
        return score(self.counts)

    # The audit's words for the counts (its printers and documents read these).
    @property
    def conformant(self) -> int:
        """Clauses conformant (C)."""
        return self.counts["C"]

    @property
    def partial(self) -> int:
        """Clauses partially conformant (P)."""
        return self.counts["P"]

    @property
    def nonconformant(self) -> int:
        """Clauses nonconformant (N)."""
        return self.counts["N"]

    @property
    def not_assessed(self) -> int:
        """Clauses no rule assesses."""
        return self.counts[NOT_ASSESSED]

    @property
    def readiness(self) -> float | None:
        """The audit's name for the score."""
        return self.score

    def cells(self) -> tuple[str, ...]:
        """Id, title and the C, P, N and not-assessed counts, as a table row's cells."""
        counts = (str(self.counts[s]) for s in (*STATUSES, NOT_ASSESSED))
        return (self.id, self.title, *counts)


def count(results: Iterable[ClauseResult]) -> dict[str, int]:
    """Clauses per status, every status present."""
    out = dict.fromkeys((*STATUSES, NOT_ASSESSED), 0)
    for res in results:
        out[res.status] += 1
    return out


def rollup(results: Sequence[ClauseResult], groups: Iterable[tuple[str, str]]) -> list[GroupResult]:
    """One result per ``(id, title)`` of ``groups``, in that order."""
    return [
        GroupResult(gid, title, count(r for r in results if r.group == gid))
        for gid, title in groups
    ]
