"""Clause by clause results, shared by ``itsmkit trace`` and ``itsmkit audit``.

A clause is C (complete / conformant), P (partial) or N (none / nonconformant), or "-"
when nothing assesses it. One verdict per clause, the same in both commands
(:func:`judge`): where audit rules assess a clause, their findings decide (a major
finding makes it N, a minor one P, none C); elsewhere its evidence requirements decide
(C every one met, P some, N none). A clause with neither is not assessed ("-").
Sub-clauses are clauses of their own; every clause counts once in its top-level group.
A group or the whole framework scores 100 × (C + ½P) / (C + P + N).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from itsmkit.frameworks.evidence import EvidenceRef

COMPLETE, PARTIAL, NONE, NOT_ASSESSED = "C", "P", "N", "-"
STATUSES = (COMPLETE, PARTIAL, NONE)

FORMULA = (
    "Where audit rules assess a clause, their findings decide: a major finding makes it "
    "nonconformant (N), a minor finding partial (P), otherwise it is conformant (C); "
    "observations and opportunities do not lower it. Elsewhere the clause's evidence "
    "requirements decide: C when every one is met, P when some are, N when none are. "
    "A clause with neither is not assessed. "
    "Score (readiness) = 100 × (C + ½P) / (C + P + N) over the assessed clauses."
)
FORMULA_FR = (
    "Là où des règles d'audit évaluent un chapitre, leurs constats décident : une "
    "non-conformité majeure le rend non conforme (N), une non-conformité mineure partiellement "
    "conforme (P), sinon il est conforme (C) ; les observations et pistes de progrès ne le "
    "dégradent pas. Ailleurs, les preuves qu'il exige décident : C si toutes sont présentes, "
    "P si certaines le sont, N si aucune. Un chapitre sans l'un ni l'autre n'est pas évalué. "
    "Préparation = 100 × (C + ½P) / (C + P + N) sur les chapitres évalués."
)


def judge(evidence: str, grades: Iterable[str], ruled: bool) -> str:
    """The one verdict of a clause.

    Args:
        evidence: the clause's coverage by its evidence requirements (C, P, N, or "-"
            when it has none).
        grades: the grades (``major``, ``minor``, ...) of the audit's findings at it.
        ruled: whether audit rules assess the clause.
    """
    found = set(grades)
    if "major" in found:
        return NONE
    if "minor" in found:
        return PARTIAL
    if ruled or found:
        return COMPLETE
    return evidence


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
    """The audit's findings on this clause (``AuditFinding``)."""
    coverage: str = NOT_ASSESSED
    """Its coverage by evidence requirements alone (C, P, N; "-" when it has none)."""
    rules: tuple[str, ...] = ()
    """Ids of the audit rules that assess it."""

    @property
    def basis(self) -> list[str]:
        """How the status was reached, one line per ground (English)."""
        out: list[str] = []
        if self.requirements:
            met = sum(1 for r in self.requirements if r.met)
            line = f"evidence {self.coverage}: {met} of {len(self.requirements)} requirement(s) met"
            gaps = self.gaps
            out.append(line + (f" (missing: {'; '.join(gaps)})" if gaps else ""))
        if self.rules or self.findings:
            grades: dict[str, int] = {}
            for f in self.findings:
                grades[f.grade.value] = grades.get(f.grade.value, 0) + 1
            said = ", ".join(f"{n} {g}" for g, n in grades.items()) or "no finding"
            out.append(f"audit rules {', '.join(self.rules) or '(none)'}: {said}")
        if not out:
            out.append("not assessed: no evidence requirement and no audit rule at this clause")
        return out

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


def fold(
    clauses: Sequence[ClauseResult],
    findings: Iterable[Any],
    rules: dict[str, list[str]],
) -> list[ClauseResult]:
    """``clauses`` (their evidence coverage) judged with the audit's findings and rules.

    Args:
        clauses: every clause with its ``coverage`` by evidence.
        findings: the audit's findings (objects with ``clause`` and ``grade``).
        rules: audit rule ids per clause id.

    Raises:
        ValueError: a finding or a rule names a clause not in ``clauses`` (a data bug).
    """
    from dataclasses import replace

    ids = {c.id for c in clauses}
    by_clause: dict[str, list[Any]] = {}
    for f in findings:
        by_clause.setdefault(f.clause, []).append(f)
    stray = sorted((set(by_clause) | set(rules)) - ids)
    if stray:
        raise ValueError(f"audit findings or rules at clauses not in the catalog: {stray}")
    out = []
    for c in clauses:
        found = tuple(by_clause.get(c.id, ()))
        ruled = tuple(rules.get(c.id, ()))
        status = judge(c.coverage, (f.grade.value for f in found), bool(ruled))
        out.append(replace(c, status=status, findings=found, rules=ruled))
    return out
