"""The audit rule data of an edition, read from ``itsmkit/data/audit/*.yaml``."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import Field

from itsmkit.model.audit import Grade
from itsmkit.model.base import Strict
from itsmkit.repo.yamlread import read_package_data
from itsmkit.resources import data_dir

EDITIONS = {
    "iso20000-1:2018": "iso20000-1-2018.yaml",
    "iso20000-1:2011": "iso20000-1-2011.yaml",
    "iso20000-1:2005": "iso20000-1-2005.yaml",
}


class GroupSpec(Strict):
    """A clause group (a top-level clause of the edition)."""

    id: str
    title: str


class ClauseSpec(Strict):
    """A clause the audit reports on."""

    id: str
    group: str
    title: str


class RuleSpec(Strict):
    """One audit rule: a check with parameters, the clause it evidences, its grades."""

    id: str = Field(pattern=r"^AUD-[A-Z0-9-]+$")
    clause: str
    check: str
    expected: str | None = None
    missing: Grade = Grade.MAJOR
    unapproved: Grade = Grade.MINOR
    kind: str | None = None
    match: dict[str, Any] = Field(default_factory=dict)
    process: str | None = None
    procedure_type: str | None = None
    records: list[str] = Field(default_factory=list)
    record_match: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Per record kind, the fields a record must match to count (check: process).",
    )
    codes: list[str] = Field(
        default_factory=list, description="Validation rule codes (check: validation)."
    )
    days: int | None = None
    periods: int | None = None
    share: float | None = Field(default=None, gt=0, le=1)

    def need_kind(self) -> str:
        """``kind``, for checks that cannot run without one (a broken rule file otherwise)."""
        if self.kind is None:
            raise ValueError(f"audit rule {self.id} ({self.check}) needs `kind` in its data")
        return self.kind

    def need_days(self) -> int:
        """``days``, for checks that cannot run without one (a broken rule file otherwise)."""
        if self.days is None:
            raise ValueError(f"audit rule {self.id} ({self.check}) needs `days` in its data")
        return self.days


class AuditSpec(Strict):
    """All rules of one edition."""

    framework: str
    data_version: int
    source: str
    groups: list[GroupSpec]
    clauses: list[ClauseSpec] = Field(
        description="The clauses the rules sit at (a test keeps it so); the verdict covers "
        "every clause of the framework catalog, which also holds the titles."
    )
    not_assessed: list[ClauseSpec] = Field(
        default_factory=list,
        description="Clauses no rule looks at yet; their evidence links, if any, judge them.",
    )
    rules: list[RuleSpec]


@cache
def load_spec(standard: str) -> AuditSpec:
    """The rule set for ``standard`` (e.g. ``iso20000-1:2018``)."""
    return AuditSpec.model_validate(read_package_data(data_dir("audit") / EDITIONS[standard]))
