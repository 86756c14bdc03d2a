"""Stage 2 checks that read operational records: changes, releases, configuration items."""

from __future__ import annotations

import datetime as dt

from itsmkit.audit.checks_documents import Check, finding
from itsmkit.audit.context import AuditContext
from itsmkit.audit.finding import AuditFinding
from itsmkit.audit.spec import RuleSpec
from itsmkit.model.audit import Grade
from itsmkit.model.operations import (
    Change,
    ChangeType,
    CiStatus,
    ConfigurationItem,
    Release,
    ReleaseStatus,
)

_DEPLOYED = (ReleaseStatus.DEPLOYED, ReleaseStatus.ROLLED_BACK)


def check_change_approval(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Normal changes were approved before they were implemented (standard ones are pre-approved)."""
    late = []
    for item in ctx.of_kind("change"):
        chg = item.artefact
        if not isinstance(chg, Change) or chg.change_type is not ChangeType.NORMAL:
            continue
        if chg.implemented is None or chg.implemented.date() > ctx.as_of:
            continue
        if chg.approved is None or chg.approved > chg.implemented:
            when = (
                "never approved"
                if chg.approved is None
                else f"approved {chg.approved:%Y-%m-%d %H:%M}"
            )
            late.append((item, f"{chg.id} (implemented {chg.implemented:%Y-%m-%d %H:%M}, {when})"))
    if not late:
        return []
    return [
        finding(
            rule,
            rule.missing,
            f"{len(late)} change(s) implemented before approval: " + ", ".join(t for _, t in late),
            [ctx.where(i, "approved" if i.artefact.approved else "implemented") for i, _ in late],  # type: ignore[attr-defined]
            "Approve every normal change before deploying it; record the approval time.",
        )
    ]


def check_emergency_review(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Emergency changes were reviewed after implementation, within ``days`` days."""
    days = rule.days or 30
    bare = []
    for item in ctx.of_kind("change"):
        chg = item.artefact
        if not isinstance(chg, Change) or chg.change_type is not ChangeType.EMERGENCY:
            continue
        if chg.implemented is None:
            continue
        deadline = chg.implemented.date() + dt.timedelta(days=days)
        if chg.reviewed is None and deadline < ctx.as_of:
            bare.append(item)
    if not bare:
        return []
    return [
        finding(
            rule,
            rule.missing,
            f"{len(bare)} emergency change(s) not reviewed within {days} days of implementation: "
            + ", ".join(i.artefact.id for i in bare),
            [ctx.where(i) for i in bare],
            "Review each emergency change after the fact (cause, effect, approval) and record it.",
        )
    ]


def check_release_tested(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Deployed releases were tested and name changes that exist and point back to them."""
    untested, unlinked = [], []
    for item in ctx.of_kind("release"):
        rel = item.artefact
        if not isinstance(rel, Release) or rel.status not in _DEPLOYED:
            continue
        if not rel.tested:
            untested.append(item)
    # A change names the release that deployed it; that release must list it (a change
    # re-released after a roll-back names the second release, which lists it too).
    for item in ctx.of_kind("change"):
        chg = item.artefact
        if not isinstance(chg, Change) or chg.release is None:
            continue
        target = ctx.get(chg.release)
        if isinstance(target, Release) and chg.id not in target.changes:
            unlinked.append((item, chg.release))
    out = []
    if untested:
        out.append(
            finding(
                rule,
                rule.missing,
                f"{len(untested)} release(s) deployed without a recorded test: "
                + ", ".join(i.artefact.id for i in untested),
                [ctx.where(i, "tested") for i in untested],
                "Test each release before deployment and record the result.",
            )
        )
    if unlinked:
        out.append(
            finding(
                rule,
                Grade.MINOR,
                "change(s) naming a release that does not list them: "
                + ", ".join(f"{i.artefact.id} → {ref}" for i, ref in unlinked),
                [ctx.where(i, "release") for i, _ in unlinked],
                "Link each release to the changes it deploys, both ways.",
            )
        )
    return out


def check_ci_verified(ctx: AuditContext, rule: RuleSpec) -> list[AuditFinding]:
    """Active configuration items were verified within the period the procedure sets."""
    days = ctx.config.thresholds.ci_verification_days or rule.days or 365
    cutoff = ctx.as_of - dt.timedelta(days=days)
    stale = []
    for item in ctx.of_kind("configuration-item"):
        ci = item.artefact
        if not isinstance(ci, ConfigurationItem) or ci.ci_status is not CiStatus.ACTIVE:
            continue
        last = ci.last_verified or ci.recorded_on
        if last < cutoff:
            stale.append((item, last, "last_verified" if ci.last_verified else "recorded_on"))
    if not stale:
        return []
    return [
        finding(
            rule,
            rule.missing,
            f"{len(stale)} configuration item(s) not verified in the last {days} days: "
            + ", ".join(f"{i.artefact.id} (last {d})" for i, d, _ in stale[:10]),
            [ctx.where(i, key) for i, _, key in stale[:20]],
            "Verify the configuration items against the infrastructure and record the date.",
        )
    ]


CHECKS: dict[str, Check] = {
    "change-approval": check_change_approval,
    "emergency-review": check_emergency_review,
    "release-tested": check_release_tested,
    "ci-verified": check_ci_verified,
}
