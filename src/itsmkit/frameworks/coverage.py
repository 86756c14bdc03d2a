"""Clause-by-clause coverage of a repository by evidence, optionally through a mapping.

:func:`evidence_clauses` computes, once, each clause's coverage by its evidence
requirements: C (complete) when every requirement listed for it is met, P (partial)
when some are, N (none) when none are, "-" without requirements. The audit folds its
findings in (:func:`itsmkit.frameworks.clauses.fold`) and ``itsmkit trace`` shows that
one verdict per clause (:func:`itsmkit.audit.coverage.trace`). The score is
100 × (C + P/2) / assessed, in percent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from itsmkit.errors import UsageError
from itsmkit.frameworks.catalog import Catalog, catalog, split_clause_id
from itsmkit.frameworks.clauses import (
    FORMULA,
    NOT_ASSESSED,
    ClauseResult,
    GroupResult,
    RequirementResult,
    count,
    rollup,
    score,
)
from itsmkit.frameworks.evidence import EvidenceRef, describe, evidence_for, select
from itsmkit.frameworks.mapping import links_between, mapped_frameworks
from itsmkit.frameworks.schema.evidence import EvidenceFile
from itsmkit.repo.loader import Repository

VIA_RELATIONS = ("equal", "subset", "superset", "intersect")


def _rollup(results: list[ClauseResult], cat: Catalog, lang: str = "en") -> list[GroupResult]:
    # Groups where nothing can be assessed (e.g. 1 Scope, 3 Terms) are left out.
    order = list(dict.fromkeys(r.group for r in results if r.status != NOT_ASSESSED))
    return rollup(
        results, [(g, cat.items[g].title_in(lang) if g in cat.items else g) for g in order]
    )


@dataclass
class ViaResult:
    """Coverage seen through a mapping: one row per item of the other framework."""

    framework: str
    title: str
    rows: list[ClauseResult] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    score: float | None = None
    sources: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class TraceResult:
    """Coverage of a repository against one framework."""

    framework: str
    title: str
    root: str
    clauses: list[ClauseResult]
    groups: list[GroupResult]
    counts: dict[str, int]
    score: float | None
    via: ViaResult | None = None
    notices: list[str] = field(default_factory=list)
    """What the reader should know about how the repository was judged."""
    lang: str = "en"
    """The language of its titles and notices (``en`` or ``fr``), and of its printed report."""

    @property
    def assessed(self) -> list[ClauseResult]:
        """Clauses with evidence requirements."""
        return [c for c in self.clauses if c.status != NOT_ASSESSED]

    @property
    def not_assessed(self) -> list[ClauseResult]:
        """Clauses without evidence requirements."""
        return [c for c in self.clauses if c.status == NOT_ASSESSED]

    def to_dict(self) -> dict[str, Any]:
        """JSON payload."""

        def refs(items: Any) -> list[dict[str, str]]:
            return [{"id": r.id, "kind": r.kind, "file": r.file} for r in items]

        def clause(c: ClauseResult) -> dict[str, Any]:
            return {
                "id": c.id,
                "title": c.title,
                "group": c.group,
                "status": c.status,
                "confidence": c.confidence,
                "requirements": [
                    {
                        "label": r.label,
                        "needed": r.needed,
                        "met": r.met,
                        "evidence": refs(r.evidence),
                    }
                    for r in c.requirements
                ],
                "addressed_by": refs(c.addressed_by),
                "gaps": c.gaps,
                "coverage": c.coverage,
                "rules": list(c.rules),
                "findings": [{"rule": f.rule, "grade": f.grade.value} for f in c.findings],
                "basis": c.basis,
            }

        out: dict[str, Any] = {
            "framework": self.framework,
            "title": self.title,
            "repository": self.root,
            "score": self.score,
            "counts": self.counts,
            "groups": [
                {"id": g.id, "title": g.title, "counts": g.counts, "score": g.score}
                for g in self.groups
            ],
            "clauses": [clause(c) for c in self.clauses],
            "formula": FORMULA,
            "notices": self.notices,
        }
        if self.via is not None:
            out["via"] = {
                "framework": self.via.framework,
                "title": self.via.title,
                "score": self.via.score,
                "counts": self.via.counts,
                "items": [
                    {
                        "id": r.id,
                        "title": r.title,
                        "group": r.group,
                        "status": r.status,
                        "from": self.via.sources.get(r.id, []),
                    }
                    for r in self.via.rows
                ],
                "unmapped": self.via.unmapped,
            }
        return out


def _explicit(repo: Repository, framework: str) -> dict[str, list[EvidenceRef]]:
    out: dict[str, list[EvidenceRef]] = {}
    for item in repo.artefacts:
        for value in item.artefact.addresses:
            try:
                fw, ident = split_clause_id(value)
            except ValueError:
                continue
            if fw == framework:
                out.setdefault(ident, []).append(
                    EvidenceRef(item.artefact.id, item.artefact.kind, item.file)
                )
    return out


def require_links(framework: str) -> EvidenceFile:
    """The evidence links of ``framework``.

    Raises:
        UsageError: none ship for it, so its coverage cannot be computed.
    """
    links = evidence_for(framework)
    if links is None:
        raise UsageError(
            f"no evidence links ship for {framework}, so its coverage cannot be computed",
            hint="Trace an ISO/IEC 20000-1 edition and view other frameworks with --via.",
        )
    return links


def evidence_clauses(repo: Repository, framework: str, lang: str = "en") -> list[ClauseResult]:
    """Every item of ``framework``'s catalog with its coverage by evidence (titles in ``lang``).

    Raises:
        UsageError: no evidence links ship for ``framework``.
    """
    cat = catalog(framework)
    links = require_links(framework)
    requirements = {link.clause: link for link in links.links}
    explicit = _explicit(repo, framework)
    results: list[ClauseResult] = []
    for item in cat.data.items:
        link = requirements.get(item.id)
        reqs: tuple[RequirementResult, ...] = ()
        if link is not None:
            reqs = tuple(
                RequirementResult(
                    describe(sel), sel.min, tuple(select(sel, repo.of_kinds(sel.kinds)))
                )
                for sel in link.requires
            )
            met = sum(1 for r in reqs if r.met)
            status = "C" if met == len(reqs) else "P" if met else "N"
        else:
            status = NOT_ASSESSED
        results.append(
            ClauseResult(
                item.id,
                item.title_in(lang),
                cat.root_of(item.id).id,
                status,
                reqs,
                tuple(explicit.get(item.id, ())),
                link.confidence if link else None,
                coverage=status,
            )
        )
    return results


def groups_of(clauses: list[ClauseResult], framework: str, lang: str = "en") -> list[GroupResult]:
    """The clause groups (top-level items) of ``clauses``, rolled up, titles in ``lang``."""
    return _rollup(clauses, catalog(framework), lang)


def build(
    framework: str,
    root: str,
    clauses: list[ClauseResult],
    *,
    via: str | None = None,
    lang: str = "en",
    notices: list[str] | None = None,
) -> TraceResult:
    """A :class:`TraceResult` of judged ``clauses`` (and through a mapping to ``via``)."""
    cat = catalog(framework)
    counts = count(clauses)
    result = TraceResult(
        framework,
        cat.data.title.title_in(lang),
        root,
        clauses,
        _rollup(clauses, cat, lang),
        counts,
        score(counts),
        notices=list(notices or []),
        lang=lang if lang in ("en", "fr") else "en",
    )
    if via is not None:
        result.via = through(result, via, lang)
    return result


def through(result: TraceResult, target: str, lang: str = "en") -> ViaResult:
    """Coverage of ``result`` seen as the items of ``target`` through the shipped mapping."""
    other = catalog(target)
    links = [ln for ln in links_between(result.framework, target) if ln.relation in VIA_RELATIONS]
    if not links:
        known = ", ".join(mapped_frameworks(result.framework)) or "none"
        raise UsageError(
            f"no mapping ships between {result.framework} and {target}",
            hint=f"Frameworks mapped with {result.framework}: {known}.",
        )
    status_of = {c.id: c.status for c in result.clauses}
    sources: dict[str, list[str]] = {}
    for ln in links:
        sources.setdefault(ln.other, []).append(ln.item)
    rows: list[ClauseResult] = []
    for item in other.data.items:
        if item.id not in sources:
            continue
        statuses = [status_of.get(s, NOT_ASSESSED) for s in sources[item.id]]
        judged = [s for s in statuses if s != NOT_ASSESSED]
        if not judged:
            status = NOT_ASSESSED
        elif all(s == "C" for s in judged):
            status = "C"
        elif all(s == "N" for s in judged):
            status = "N"
        else:
            status = "P"
        rows.append(
            ClauseResult(
                item.id,
                item.title_in(lang),
                other.root_of(item.id).id,
                status,
                (),
                (),
                item.confidence,
            )
        )
    unmapped = [i.id for i in other.data.items if i.id not in sources and i.kind not in ("group",)]
    counts = count(rows)
    title = other.data.title.title_in(lang)
    return ViaResult(target, title, rows, unmapped, counts, score(counts), sources)
