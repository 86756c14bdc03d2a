"""A finding of the mock audit: data, no formatting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from itsmkit.model.audit import Grade

GRADE_ORDER = (Grade.MAJOR, Grade.MINOR, Grade.OBSERVATION, Grade.OPPORTUNITY)


@dataclass(frozen=True, slots=True)
class AuditFinding:
    """What an auditor would write: grade, clause, expected, found, evidence, action."""

    rule: str
    grade: Grade
    clause: str
    expected: str
    found: str
    evidence: tuple[str, ...] = ("absent",)
    recommendation: str = ""
    subject: str | None = field(default=None, compare=False)

    def sort_key(self) -> tuple[Any, ...]:
        """Most severe first, then by clause and rule."""
        return (GRADE_ORDER.index(self.grade), dotted_key(self.clause), self.rule, self.found)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "rule": self.rule,
            "grade": self.grade.value,
            "clause": self.clause,
            "expected": self.expected,
            "found": self.found,
            "evidence": list(self.evidence),
            "recommendation": self.recommendation,
        }


def dotted_key(text: str) -> tuple[int, ...]:
    """A sort key for dotted numbers (clauses ``8.10`` after ``8.9``, versions ``1.10``)."""
    return tuple(int(p) if p.isdigit() else 0 for p in text.split("."))


# The audit's words for the shared clause statuses (frameworks.clauses: C, P, N, -).
STATUS_WORDS = {"C": "conformant", "P": "partial", "N": "nonconformant", "-": "not-assessed"}
