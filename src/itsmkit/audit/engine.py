"""Run the mock audit: every rule of the edition against the repository, graded.

Each clause of the edition's catalog gets one verdict, the one ``itsmkit trace`` shows
(:func:`itsmkit.frameworks.clauses.judge`, formula published in docs/audit.md): where
rules assess a clause, a major finding makes it nonconformant (N), a minor finding
partial (P), otherwise it is conformant (C); elsewhere its evidence requirements decide.
Readiness of a group or of the whole SMS is 100 × (C + ½·P) / (C + P + N). Clauses with
neither evidence requirements nor rules are not assessed and count for nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from itsmkit.audit.checks_agreements import CHECKS as AGREEMENT_CHECKS
from itsmkit.audit.checks_documents import CHECKS as DOCUMENT_CHECKS
from itsmkit.audit.checks_improvement import CHECKS as IMPROVEMENT_CHECKS
from itsmkit.audit.checks_operations import CHECKS as OPERATION_CHECKS
from itsmkit.audit.checks_programme import CHECKS as PROGRAMME_CHECKS
from itsmkit.audit.checks_records import CHECKS as RECORD_CHECKS
from itsmkit.audit.checks_relations import CHECKS as RELATION_CHECKS
from itsmkit.audit.checks_sla import CHECKS as SLA_CHECKS
from itsmkit.audit.checks_validation import CHECKS as VALIDATION_CHECKS
from itsmkit.audit.context import AuditContext
from itsmkit.audit.finding import GRADE_ORDER, AuditFinding
from itsmkit.audit.spec import EDITIONS, AuditSpec, load_spec
from itsmkit.config import Config
from itsmkit.errors import ConfigError, UsageError
from itsmkit.frameworks.clauses import ClauseResult, GroupResult, count, fold, score
from itsmkit.gcpause import gc_paused
from itsmkit.model.audit import AuditReport, AuditType, Grade
from itsmkit.model.base import Family
from itsmkit.repo.history import checkout_as_of, in_work_tree, uncommitted
from itsmkit.repo.historycache import cached_history
from itsmkit.repo.loader import Repository, find_root, load_repository

CHECKS = {
    **DOCUMENT_CHECKS,
    **RECORD_CHECKS,
    **AGREEMENT_CHECKS,
    **IMPROVEMENT_CHECKS,
    **OPERATION_CHECKS,
    **RELATION_CHECKS,
    **PROGRAMME_CHECKS,
    **SLA_CHECKS,
    **VALIDATION_CHECKS,
}


@dataclass(slots=True)
class Previous:
    """The latest earlier internal or mock audit, for the trend."""

    id: str
    date: dt.date
    readiness: float | None


@dataclass(slots=True)
class AuditResult:
    """Everything the mock audit found; printers turn it into text, Markdown, JSON, DOCX."""

    root: Path
    organisation: str
    standard: str
    as_of: dt.date
    revision: str | None
    source: str
    findings: list[AuditFinding]
    clauses: list[ClauseResult]
    groups: list[GroupResult]
    readiness: float | None
    previous: Previous | None
    notices: list[str]
    artefacts: int
    records: int
    scope: str
    labels: dict[str, str] = field(default_factory=dict)
    """Grade labels from ``audit.labels`` in itsmkit.yaml (empty: the defaults)."""
    scopes: dict[str, str] = field(default_factory=dict)
    """The scope in every language itsmkit.yaml states it in."""
    language: str = "en"
    """The repository's language (``language`` in itsmkit.yaml): the report's default."""
    page_size: str = "a4"
    """Paper of the Word and PDF report (``page_size`` in itsmkit.yaml)."""

    def count(self, grade: Grade) -> int:
        """Findings of a grade."""
        return sum(1 for f in self.findings if f.grade is grade)

    @property
    def verdict(self) -> str:
        """One line a director can act on."""
        major, minor = self.count(Grade.MAJOR), self.count(Grade.MINOR)
        if major:
            return f"not ready: {major} major finding{'s' if major > 1 else ''}"
        if minor:
            return f"ready once {minor} minor finding{'s are' if minor > 1 else ' is'} addressed"
        gaps = len(self.evidence_gaps)
        if gaps:
            return f"ready once the evidence of {gaps} clause{'s' if gaps > 1 else ''} is complete"
        return "ready for the certification audit"

    @property
    def evidence_gaps(self) -> list[ClauseResult]:
        """Clauses lowered by missing evidence alone (no finding explains their status)."""
        return [
            c
            for c in self.clauses
            if c.status in ("P", "N")
            and not any(f.grade in (Grade.MAJOR, Grade.MINOR) for f in c.findings)
        ]

    @property
    def trend(self) -> float | None:
        """Readiness points gained since the previous audit, when both are known."""
        if self.previous is None or self.previous.readiness is None or self.readiness is None:
            return None
        return round(self.readiness - self.previous.readiness, 1)

    def fails(self, threshold: Grade | None) -> bool:
        """Whether any finding is at ``threshold`` or more severe."""
        if threshold is None:
            return False
        worst = GRADE_ORDER.index(threshold)
        return any(GRADE_ORDER.index(f.grade) <= worst for f in self.findings)


def _previous(ctx: AuditContext) -> Previous | None:
    best = None
    for item in ctx.of_kind("audit-report"):
        rep = item.artefact
        if (
            isinstance(rep, AuditReport)
            and rep.audit_type in (AuditType.MOCK, AuditType.INTERNAL)
            and rep.end <= ctx.as_of
            and (best is None or rep.end > best.end)
        ):
            best = rep
    return Previous(best.id, best.end, best.readiness) if best else None


def evaluate(
    ctx: AuditContext, spec: AuditSpec
) -> tuple[list[AuditFinding], list[ClauseResult], list[GroupResult]]:
    """Run every rule; judge every clause of the catalog (titles in the company's language).

    The clause verdicts are the evidence coverage of :mod:`itsmkit.frameworks.coverage`
    with the findings folded in at their clause (:func:`itsmkit.frameworks.clauses.fold`).
    """
    from itsmkit.frameworks.coverage import evidence_clauses, groups_of

    lang = ctx.config.language
    findings: list[AuditFinding] = []
    for rule in spec.rules:
        findings.extend(CHECKS[rule.check](ctx, rule))
    findings.sort(key=AuditFinding.sort_key)
    rules: dict[str, list[str]] = {}
    for rule in spec.rules:
        rules.setdefault(rule.clause, []).append(rule.id)
    clauses = fold(evidence_clauses(ctx.repo, spec.framework, lang), findings, rules)
    return findings, clauses, groups_of(clauses, spec.framework, lang)


def _check_standard(standard: str) -> str:
    if standard not in EDITIONS:
        raise UsageError(
            f"no audit rules for {standard!r}", hint="Use one of: " + ", ".join(EDITIONS) + "."
        )
    return standard


def _audit_loaded(
    root: Path,
    standard: str | None,
    as_of: dt.date | None,
    revision: str | None,
    history_root: Path,
    cache: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    history_cache: bool | None = None,
    loaded: Repository | None = None,
) -> AuditResult:
    repo = loaded if loaded is not None else load_repository(root, cache=cache, progress=progress)
    if repo.config is None:
        problems = [i.message for i in repo.issues if i.file == "itsmkit.yaml"]
        error = ConfigError(path=root / "itsmkit.yaml", problems=problems or ["unreadable"])
        error.hint = "The audit cannot run: run `itsmkit validate` and fix itsmkit.yaml first."
        raise error
    config: Config = repo.config
    notices = []
    if as_of is None:
        as_of = config.reference_date or dt.date.today()
        if config.reference_date is not None:
            notices.append(f"judged as of {as_of}, the reference_date set in itsmkit.yaml")
    standard = _check_standard(standard or config.standard)
    spec = load_spec(standard)
    history = cached_history(
        history_root, until=revision, cache=cache if revision is None else history_cache
    )
    processes = tuple(sorted({r.process for r in spec.rules if r.check == "process" and r.process}))
    ctx = AuditContext(
        repo=repo,
        config=config,
        history=history,
        as_of=as_of,
        processes=processes,
        standard=standard,
        cache=cache,
    )
    if not history.available:
        notices.append(f"git history not used ({history.reason}): the backfill check was skipped")
    errors = sum(1 for i in repo.issues if i.severity.value == "error")
    if errors:
        notices.append(
            f"{errors} validation error(s): artefacts that fail validation were not audited; "
            "run `itsmkit validate`"
        )
    # The checks build many small objects and no cycles; with the collector running, each
    # pass rescans every loaded model (measured: a third of a warm 50k-record audit).
    with gc_paused():
        findings, clauses, groups = evaluate(ctx, spec)
    readiness = score(count(clauses))
    scope = (
        config.scope
        if isinstance(config.scope, str)
        else (config.scope.en or config.scope.fr or "")
    )
    return AuditResult(
        root=repo.root,
        organisation=config.organisation,
        standard=standard,
        as_of=as_of,
        revision=revision,
        source=spec.source,
        findings=findings,
        clauses=clauses,
        groups=groups,
        readiness=readiness,
        previous=_previous(ctx),
        notices=notices,
        artefacts=len(repo.artefacts),
        records=sum(1 for i in repo.artefacts if i.artefact.family is Family.RECORD),
        scope=scope,
        labels={str(k): v for k, v in config.audit.labels.items()},
        scopes=_scopes(config),
        language=config.language,
        page_size=config.page_size,
    )


def _scopes(config: Config) -> dict[str, str]:
    if isinstance(config.scope, str):
        return {config.language: config.scope} if config.scope else {}
    return {lang: text for lang in ("fr", "en") if (text := getattr(config.scope, lang, None))}


def run_audit(
    path: Path,
    *,
    standard: str | None = None,
    as_of: dt.date | None = None,
    cache: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    repo: Repository | None = None,
) -> AuditResult:
    """Audit the repository at ``path`` as of a date (its reference_date, else today).

    With a past ``as_of``, the repository is taken as it was committed on that day (a
    temporary checkout, loaded without the cache). ``cache`` as in
    :func:`itsmkit.repo.loader.load_repository`.
    ``progress`` is called with (files read, files in all) while files are read.
    ``repo``, the work tree of ``path`` already loaded, is judged instead of loading it
    again, unless a past ``as_of`` asks for a checkout.
    """
    root = find_root(path)
    today = dt.date.today()
    if standard is not None:
        _check_standard(standard)
    if as_of is None or as_of >= today:
        # No date given: the repository's reference_date, else today (resolved once loaded).
        result = _audit_loaded(root, standard, as_of, None, root, cache, progress, loaded=repo)
        dirty = uncommitted(root)
        if dirty:
            shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
            result.notices.insert(
                0,
                f"the work tree was audited with {len(dirty)} uncommitted change(s) ({shown}): "
                "commit them, or audit a past date to judge what was committed",
            )
        return result
    if not in_work_tree(root):
        result = _audit_loaded(root, standard, as_of, None, root, cache, progress, loaded=repo)
        result.notices.insert(
            0, f"not a git repository: the files as they are now were judged as of {as_of}"
        )
        return result
    with tempfile.TemporaryDirectory(prefix="itsmkit-as-of-") as tmp:
        revision = checkout_as_of(root, as_of, Path(tmp))
        result = _audit_loaded(
            Path(tmp), standard, as_of, revision, root, False, progress, history_cache=cache
        )
        result.root = root
        return result
