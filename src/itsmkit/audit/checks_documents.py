"""Stage 1 checks: documents, roles, competence, document control."""

from __future__ import annotations

from collections.abc import Callable

from itsmkit.audit.context import AuditContext
from itsmkit.audit.finding import AuditFinding
from itsmkit.audit.spec import RuleSpec
from itsmkit.model.audit import Grade
from itsmkit.model.base import DocStatus, Document
from itsmkit.model.governance import Procedure
from itsmkit.model.organisation import Person, Role, process_owners
from itsmkit.repo.loader import Loaded

Check = Callable[[AuditContext, RuleSpec], list[AuditFinding]]


def finding(
    rule: RuleSpec,
    grade: Grade,
    found: str,
    evidence: list[str] | None = None,
    recommendation: str = "",
    *,
    clause: str | None = None,
) -> AuditFinding:
    """Build a finding for ``rule`` (at ``clause`` when not the rule's own)."""
    return AuditFinding(
        rule=rule.id,
        grade=grade,
        clause=clause or rule.clause,
        expected=rule.expected or "",
        found=found,
        evidence=tuple(evidence or ["absent"]),
        recommendation=recommendation,
    )


def _describe(rule: RuleSpec) -> str:
    what = rule.kind or "document"
    if rule.match:
        what += " (" + ", ".join(f"{k}: {v}" for k, v in rule.match.items()) + ")"
    return what


def approved(item: Loaded) -> bool:
    """Whether a loaded artefact is an approved document."""
    art = item.artefact
    return isinstance(art, Document) and art.status is DocStatus.APPROVED


def _present_and_approved(
    ctx: AuditContext,
    rule: RuleSpec,
    items: list[Loaded],
    messages: tuple[str, str, str, str],
) -> list[AuditFinding]:
    """The finding when no ``items`` exist, or when none of them is approved.

    ``messages``: found when missing, action when missing, found when unapproved,
    action when unapproved.
    """
    missing, write, draft, approve = messages
    if not items:
        return [finding(rule, rule.missing, missing, recommendation=write)]
    if not any(approved(i) for i in items):
        return [
            finding(rule, rule.unapproved, draft, [ctx.where(i, "status") for i in items], approve)
        ]
    return []


def check_document(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """A document of a kind (and matching fields) exists and is approved."""
    what = _describe(rule)
    return _present_and_approved(
        ctx,
        rule,
        ctx.live_documents(rule.need_kind(), rule.match),
        (
            f"no {what} in the repository",
            f"Write and approve the {what}.",
            f"the {what} exists only as a draft",
            "Have the document approved (approver, approved_on).",
        ),
    )


def procedures(ctx: AuditContext, rule: RuleSpec) -> list[Loaded]:
    """Live procedures of the rule's process or procedure type."""
    out = []
    for item in ctx.live_documents("procedure"):
        proc = item.artefact
        if not isinstance(proc, Procedure):
            continue
        if (rule.process and rule.process in {p.value for p in proc.processes}) or (
            rule.procedure_type and proc.procedure_type.value == rule.procedure_type
        ):
            out.append(item)
    return out


def check_procedure(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """A procedure for a process (or of a named type) exists and is approved."""
    name = rule.procedure_type or rule.process
    return _present_and_approved(
        ctx,
        rule,
        procedures(ctx, rule),
        (
            f"no {name} procedure",
            f"Write the {name} procedure and have it approved.",
            f"the {name} procedure is not approved",
            "Have the procedure approved.",
        ),
    )


def check_scope(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """``itsmkit.yaml`` states a real scope."""
    scope = ctx.config.scope
    # Every language the scope is stated in (a placeholder left in either is not a scope).
    texts = [scope] if isinstance(scope, str) else [t for t in (scope.fr, scope.en) if t]
    if not any(t.strip() for t in texts) or any("[[" in t for t in texts):
        return [
            finding(
                rule,
                rule.missing,
                "the scope statement is empty or still a placeholder",
                [ctx.config_where("scope")],
                "State the scope in itsmkit.yaml.",
            )
        ]
    return []


def _holders(ctx: AuditContext) -> dict[str, list[Person]]:
    holders: dict[str, list[Person]] = {}
    for _, person in ctx.typed("person", Person):
        if person.active:
            for role in person.roles:
                holders.setdefault(role, []).append(person)
    return holders


def check_roles(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Roles are defined, and each is held by someone."""
    roles = ctx.of_kind("role")
    if not roles:
        return [
            finding(
                rule,
                rule.missing,
                "no role is defined",
                recommendation="Define the roles (D, RGS, RGS/RC, RGS/AC, CS...) and who holds them.",
            )
        ]
    holders = _holders(ctx)
    empty = [r for r in roles if not holders.get(r.artefact.id)]
    if empty:
        return [
            finding(
                rule,
                rule.unapproved,
                "roles held by nobody: " + ", ".join(r.artefact.id for r in empty),
                [ctx.where(r) for r in empty],
                "Assign each role to a person.",
            )
        ]
    return []


def check_objectives(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Measurable objectives exist in a plan or policy."""
    for kind in ("plan", "policy"):
        for item in ctx.live_documents(kind):
            if getattr(item.artefact, "objectives", None):
                return []
    return [
        finding(
            rule,
            rule.missing,
            "no plan or policy states service management objectives",
            recommendation="Add measurable objectives (measure, target, owner, due date) to the SM plan.",
        )
    ]


def _owners(ctx: AuditContext) -> dict[str, list[tuple[Role, list[Person]]]]:
    """Process key → roles owning it with their holders."""
    roles = [role for _, role in ctx.typed("role", Role)]
    return process_owners(roles, [person for _, person in ctx.typed("person", Person)])


def _meets(person: Person, role: Role) -> bool:
    have = {c.area: c.level for c in person.competences}
    return all(have.get(req.area, 0) >= req.level for req in role.required_competences)


def _gaps(entries: list[tuple[Role, list[Person]]]) -> tuple[str, list[int]]:
    """``area best < required`` per unmet requirement (best of the holders), and the levels."""
    from itsmkit.frameworks.competency import describe_area

    gaps, levels = [], []
    for role, people in entries:
        for req in role.required_competences:
            best = max(
                (c.level for p in people for c in p.competences if c.area == req.area), default=0
            )
            if best < req.level:
                gaps.append(f"{describe_area(req.area.value)} {best} < {req.level}")
                levels.append(req.level)
    return "; ".join(gaps), levels


def check_competence(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Each audited process has an owner whose competences meet the role's requirements."""
    owners = _owners(ctx)
    no_owner = [p for p in ctx.processes if p not in owners]
    out = []
    if no_owner:
        out.append(
            finding(
                rule,
                rule.missing,
                "processes without an owning role: " + ", ".join(no_owner),
                recommendation="Name the owning role in each role's `processes:`.",
            )
        )
    from itsmkit.frameworks.competency import describe_levels

    # One defect, one finding: the same holders short of the same competences over
    # several processes is one gap, listed with every process it affects.
    grouped: dict[tuple[tuple[str, ...], str], tuple[list[str], list[str], list[int]]] = {}
    for process, entries in sorted(owners.items()):
        if any(_meets(person, role) for role, people in entries for person in people):
            continue
        roles = [role for role, _ in entries]
        evidence = [ctx.where(ctx.by_id[r.id]) for r in roles if r.id in ctx.by_id]
        gaps, levels = _gaps(entries)
        key = (tuple(r.id for r in roles), gaps)
        grouped.setdefault(key, ([], evidence, levels))[0].append(process)
    for (role_ids, gaps), (processes, evidence, levels) in grouped.items():
        out.append(
            finding(
                rule,
                rule.missing,
                f"no holder of {', '.join(role_ids)} meets the competences "
                f"required to own {', '.join(processes)}" + (f" ({gaps})" if gaps else ""),
                evidence,
                "Train the owner (training record) or assign a competent person."
                + (f" {describe_levels(levels)}." if levels else ""),
            )
        )
    return out


def check_foundation(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Someone certified ISO/IEC 20000 Foundation who owns no audited process."""
    owners = {p.id for entries in _owners(ctx).values() for _, people in entries for p in people}
    certified: list[Loaded] = []
    for item, person in ctx.typed("person", Person):
        if any("20000" in c.name and "foundation" in c.name.lower() for c in person.certificates):
            certified.append(item)
    for item in ctx.of_kind("training-record"):
        cert = getattr(item.artefact, "certificate", None) or ""
        holder = ctx.by_id.get(getattr(item.artefact, "person", ""))
        if "20000" in cert and "foundation" in cert.lower() and holder and holder not in certified:
            certified.append(holder)
    if not certified:
        return [
            finding(
                rule,
                rule.missing,
                "nobody holds the ISO/IEC 20000 Foundation certificate",
                recommendation="Certify a staff member, preferably one who owns no process (seed 001).",
            )
        ]
    if all(item.artefact.id in owners for item in certified):
        return [
            finding(
                rule,
                rule.missing,
                "only process owners hold the Foundation certificate",
                [ctx.where(i) for i in certified],
                "Certify someone who owns no process, so internal audits stay objective.",
            )
        ]
    return []


def check_reviews(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Approved documents are within their review date: one finding per late document.

    Each is filed at the clause of the document's process or kind (the change policy at
    change management), and says that it is also a lapse of documented information.
    """
    from itsmkit.audit.clause_of import document_clause
    from itsmkit.audit.spec import EDITIONS, load_spec

    spec = load_spec(ctx.standard) if ctx.standard in EDITIONS else None
    out = []
    for item in ctx.repo.artefacts:
        doc = item.artefact
        if not (
            isinstance(doc, Document)
            and doc.status is DocStatus.APPROVED
            and doc.next_review
            and doc.next_review < ctx.as_of
        ):
            continue
        clause = document_clause(spec, doc, rule.clause) if spec else rule.clause
        general = "" if clause == rule.clause else f" (documented information, {rule.clause})"
        late = (ctx.as_of - doc.next_review).days
        out.append(
            finding(
                rule,
                rule.missing,
                f"{doc.kind} {doc.id} is past its review date: next_review {doc.next_review}, "
                f"{late} day(s) ago{general}",
                [ctx.where(item, "next_review")],
                "Review the document, record the review in its history and move "
                "next_review forward.",
                clause=clause,
            )
        )
    return out


CHECKS: dict[str, Check] = {
    "document": check_document,
    "procedure": check_procedure,
    "scope": check_scope,
    "roles": check_roles,
    "objectives": check_objectives,
    "competence": check_competence,
    "foundation": check_foundation,
    "reviews": check_reviews,
}
