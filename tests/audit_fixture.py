"""A small, complete company repository for audit tests, built from data.

``clean_company(as_of)`` gives files that a mock audit against ISO/IEC 20000-1:2018
should find conformant (no major or minor finding). Tests then remove or alter one
thing and assert the exact finding.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

AS_OF = dt.date(2026, 6, 30)

PROCESSES = [
    "service-level",
    "service-reporting",
    "continuity-availability",
    "budgeting-accounting",
    "capacity",
    "information-security",
    "business-relationship",
    "supplier",
    "incident",
    "service-request",
    "problem",
    "configuration",
    "change",
    "release",
    "new-changed-services",
    "service-catalogue",
    "asset",
    "demand",
    "knowledge",
    "document-control",
]


def _doc(kind: str, ident: str, day: dt.date, **fields: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": ident,
        "schema_version": 1,
        "title": ident,
        "version": "1.0",
        "status": "approved",
        "owner": "P-RGS",
        "approver": "P-DIR",
        "approved_on": day,
        "next_review": day + dt.timedelta(days=365),
        **fields,
    }


def _ts(day: dt.date, hour: int) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00+02:00"


def clean_company(as_of: dt.date = AS_OF, history_days: int = 180) -> dict[str, Any]:
    """Relative path → data of a repository with no major or minor audit finding."""
    start = as_of - dt.timedelta(days=history_days)
    approved = start
    files: dict[str, Any] = {
        "itsmkit.yaml": {
            "organisation": "Clean Co",
            "language": "en",
            "scope": "Managed hosting for customers in Grenoble.",
        },
    }
    people = {
        "P-DIR": ("Dana Director", ["R-D"], [("service-management", 4)], []),
        "P-RGS": ("Sam Manager", ["R-RGS"], [("service-management", 4), ("change", 3)], []),
        "P-AUD": ("Ada Auditor", ["R-RCF"], [("audit", 3)], [("ISO/IEC 20000 Foundation", start)]),
    }
    for pid, (name, roles, comps, certs) in people.items():
        files[f"people/{pid}.yaml"] = {
            "kind": "person",
            "id": pid,
            "schema_version": 1,
            "name": name,
            "roles": roles,
            "competences": [{"area": a, "level": lv} for a, lv in comps],
            "certificates": [{"name": c, "obtained_on": d} for c, d in certs],
        }
    files["roles/d.yaml"] = {
        "kind": "role",
        "id": "R-D",
        "schema_version": 1,
        "code": "D",
        "name": "Director",
    }
    files["roles/rgs.yaml"] = {
        "kind": "role",
        "id": "R-RGS",
        "schema_version": 1,
        "code": "RGS",
        "name": "Service manager",
        "processes": list(PROCESSES),
        "required_competences": [{"area": "service-management", "level": 3}],
    }
    files["roles/rcf.yaml"] = {
        "kind": "role",
        "id": "R-RCF",
        "schema_version": 1,
        "code": "RCF",
        "name": "Foundation-certified resource",
    }
    files["parties/customer.yaml"] = {
        "kind": "customer",
        "id": "CUST-A",
        "schema_version": 1,
        "name": "Alpha",
        "legal_name": "Alpha SAS",
        "address": "1 rue Alpha, 38000 Grenoble",
    }
    files["parties/supplier.yaml"] = {
        "kind": "supplier",
        "id": "SUP-DC",
        "schema_version": 1,
        "name": "DC Ltd",
        "supplier_type": "FT",
        "address": "2 rue du DC, 38320 Eybens",
    }
    files["services/web.yaml"] = _doc(
        "service",
        "SVC-WEB",
        approved,
        code="WEB",
        name="Web hosting",
        service_status="live",
        description="Hosting.",
        service_owner="P-RGS",
    )
    files["services/catalogue.yaml"] = _doc("catalogue", "CAT", approved, services=["SVC-WEB"])
    targets = {
        "availability": 99.5,
        "per_priority": [{"priority": "P1", "response": "30min", "resolution": "4h"}],
    }
    files["agreements/sla.yaml"] = _doc(
        "sla",
        "SLA-A",
        approved,
        number="SLA-1",
        customer="CUST-A",
        services=["SVC-WEB"],
        preamble={
            "provider_representative": {"name": "Dana Director"},
            "customer_representative": {"name": "Al"},
        },
        service_description="Hosting.",
        service_objectives=["Keep sites up."],
        service_hours={
            "days": ["mon", "tue", "wed", "thu", "fri"],
            "start": "08:00",
            "end": "18:00",
        },
        capacity_limits=[{"item": "Sites", "limit": "10"}],
        provider_duties=["Run it."],
        customer_duties=["Pay."],
        targets=targets,
        validity={"start": approved},
        price={"amount": 100, "tax": "excl", "per": "month"},
        signatures=[
            {"party": "provider", "name": "Dana Director", "signed_on": approved},
            {"party": "customer", "name": "Al", "signed_on": approved},
        ],
    )
    files["agreements/uc.yaml"] = _doc(
        "uc",
        "UC-DC",
        approved,
        number="UC-1",
        supplier="SUP-DC",
        slas=["SLA-A"],
        scope="Power and racks.",
        targets={
            "availability": 99.9,
            "per_priority": [
                {"priority": "P1", "response": "15min", "resolution": "2h", "definition": "Down."}
            ],
        },
        validity={"start": approved},
        price={"amount": 50, "tax": "excl", "per": "month"},
    )
    for ptype in (
        "service-management",
        "information-security",
        "change",
        "release",
        "budgeting-accounting",
        "continual-improvement",
    ):
        files[f"policies/{ptype}.yaml"] = _doc(
            "policy", f"POL-{ptype.upper()}", approved, policy_type=ptype, statement="We commit."
        )
    plans = ("service-management", "risk", "availability", "continuity", "audit-programme")
    for ptype in (*plans, "communication"):
        extra = (
            {"objectives": [{"statement": "Meet every SLA.", "target": "100%"}]}
            if ptype == "service-management"
            else {}
        )
        files[f"plans/{ptype}.yaml"] = _doc(
            "plan", f"PLAN-{ptype.upper()}", approved, plan_type=ptype, **extra
        )
    files["plans/budget.yaml"] = _doc(
        "budget",
        "BUD",
        approved,
        period={"start": start, "end": as_of},
        lines=[{"item": "Racks", "budgeted": {"amount": 1000}}],
    )
    files["plans/capacity.yaml"] = _doc(
        "capacity-plan", "PC", approved, period={"start": start, "end": as_of}, services=["SVC-WEB"]
    )
    files["plans/pmeons.yaml"] = _doc(
        "service-plan",
        "PMEONS",
        approved,
        change_type="new",
        proposed_service="Mail",
        rationale="Demand.",
        acceptance_criteria=["Works."],
    )
    files["procedures/all.yaml"] = _doc(
        "procedure", "PROC-ALL", approved, processes=list(PROCESSES), purpose="How we work."
    )
    files["procedures/complaint.yaml"] = _doc(
        "procedure",
        "PROC-COMPLAINT",
        approved,
        procedure_type="complaint",
        processes=["business-relationship"],
        purpose="Complaints.",
    )
    files["procedures/internal-audit.yaml"] = _doc(
        "procedure",
        "PROC-AUDIT",
        approved,
        procedure_type="internal-audit",
        processes=["internal-audit"],
        purpose="Audits.",
    )
    files["procedures/dispute.yaml"] = _doc(
        "procedure",
        "PROC-DISPUTE",
        approved,
        procedure_type="dispute",
        processes=["supplier"],
        purpose="Disputes.",
    )
    # Records, spread over the history.
    days = [start + dt.timedelta(days=d) for d in range(5, history_days, 10)]
    incidents, requests = [], []
    for n, day in enumerate(days, start=1):
        base = {
            "service": "SVC-WEB",
            "customer": "CUST-A",
            "priority": "P2",
            "status": "closed",
            "opened": _ts(day, 9),
            "acknowledged": _ts(day, 10),
            "resolved": _ts(day, 11),
            "closed": _ts(day, 12),
        }
        incidents.append({"id": f"INC-{n}", "summary": "Site slow", **base})
        requests.append({"id": f"REQ-{n}", "summary": "New user", "request_type": "access", **base})
    incidents[0]["security"] = True  # evidence of 8.7.3.3 (information security incidents)
    files["records/incidents.yaml"] = {
        "kind": "batch",
        "of": "incident",
        "schema_version": 1,
        "items": incidents,
    }
    files["records/requests.yaml"] = {
        "kind": "batch",
        "of": "service-request",
        "schema_version": 1,
        "items": requests,
    }
    # Early enough in the history window (90 days) that every process shows three months.
    mid = max(min(days[len(days) // 2], as_of - dt.timedelta(days=85)), days[0])
    files["records/problem.yaml"] = {
        "kind": "problem",
        "id": "PRB-1",
        "schema_version": 1,
        "summary": "Disk",
        "services": ["SVC-WEB"],
        "status": "closed",
        "opened": _ts(mid, 9),
        "closed": _ts(mid, 17),
        "incidents": ["INC-1"],
    }
    files["records/change.yaml"] = {
        "kind": "change",
        "id": "CHG-1",
        "schema_version": 1,
        "summary": "Patch",
        "change_type": "normal",
        "services": ["SVC-WEB"],
        "status": "closed",
        "requested": _ts(mid, 9),
        "approved": _ts(mid, 10),
        "implemented": _ts(mid, 12),
    }
    late = as_of - dt.timedelta(days=20)
    between = max(as_of - dt.timedelta(days=50), start + dt.timedelta(days=1))
    # Monthly and quarterly records, so that every process shows three months of activity.
    files["records/changes-more.yaml"] = {
        "kind": "batch",
        "of": "change",
        "schema_version": 1,
        "items": [
            {
                "id": f"CHG-{n}",
                "summary": "Patch",
                "change_type": "normal",
                "services": ["SVC-WEB"],
                "status": "closed",
                "requested": _ts(day, 9),
                "approved": _ts(day, 10),
                "implemented": _ts(day, 12),
                "release": "REL-2" if n == 3 else None,
            }
            for n, day in ((2, between), (3, late))
        ],
    }
    for item in files["records/changes-more.yaml"]["items"]:
        if item["release"] is None:
            del item["release"]
    files["records/release-2.yaml"] = {
        "kind": "release",
        "id": "REL-2",
        "schema_version": 1,
        "summary": "Patch",
        "services": ["SVC-WEB"],
        "changes": ["CHG-3"],
        "status": "deployed",
        "planned": _ts(late, 11),
        "deployed": _ts(late, 12),
        "tested": True,
    }
    for n, (day, who) in enumerate(
        ((mid, "CUST-A"), (late, "CUST-A"), (mid, "SUP-DC"), (late, "SUP-DC"))
    ):
        files[f"records/minutes-{n}.yaml"] = {
            "kind": "minutes",
            "id": f"MIN-{n}",
            "schema_version": 1,
            "meeting_type": "customer" if who.startswith("CUST") else "supplier",
            "party": who,
            "held_on": day,
            "attendees": ["P-RGS"],
            "next_meeting": as_of + dt.timedelta(days=60),
        }
    files["records/cost.yaml"] = {
        "kind": "cost-report",
        "id": "COST-1",
        "schema_version": 1,
        "budget": "BUD",
        "period_start": max(as_of - dt.timedelta(days=89), start),
        "period_end": as_of,
        "issued_on": as_of,
        "author": "P-RGS",
        "lines": [{"item": "Racks", "budgeted": {"amount": 500}, "actual": {"amount": 480}}],
    }
    for n, day in enumerate((mid, late)):
        files[f"records/capacity-{n}.yaml"] = {
            "kind": "capacity-review",
            "id": f"CAPA-{n}",
            "schema_version": 1,
            "held_on": day,
            "plan": "PC",
            "reviewer": "P-RGS",
            "measures": [
                {
                    "service": "SVC-WEB",
                    "resource": "Disk",
                    "unit": "TB",
                    "capacity": 10,
                    "current": 4,
                    "forecast": 6,
                    "threshold": 8,
                }
            ],
        }
        files[f"records/security-{n}.yaml"] = {
            "kind": "security-review",
            "id": f"SEC-{n}",
            "schema_version": 1,
            "review_type": "access",
            "held_on": day,
            "reviewer": "P-RGS",
            "services": ["SVC-WEB"],
            "result": "All accounts justified.",
            "passed": True,
        }
    files["records/release.yaml"] = {
        "kind": "release",
        "id": "REL-1",
        "schema_version": 1,
        "summary": "Patch",
        "services": ["SVC-WEB"],
        "changes": ["CHG-1"],
        "status": "deployed",
        "planned": _ts(mid, 11),
        "deployed": _ts(mid, 12),
        "tested": True,
    }
    files["records/ci.yaml"] = {
        "kind": "configuration-item",
        "id": "CI-1",
        "schema_version": 1,
        "name": "web01",
        "ci_type": "hardware",
        "ci_status": "active",
        "recorded_on": start,
        "last_verified": mid,
    }
    files["records/complaint.yaml"] = {
        "kind": "complaint",
        "id": "CPL-1",
        "schema_version": 1,
        "complaint_type": "complaint",
        "customer": "CUST-A",
        "received": _ts(mid, 9),
        "description": "Slow.",
        "status": "closed",
        "closed": _ts(mid, 15),
    }
    files["records/survey.yaml"] = {
        "kind": "satisfaction-survey",
        "id": "QSC-1",
        "schema_version": 1,
        "customer": "CUST-A",
        "sent_on": mid,
        "closed_on": mid,
        "questions": [{"text": "Satisfied?", "average": 4.5}],
    }
    files["records/offer-review.yaml"] = {
        "kind": "offer-review",
        "id": "OR-1",
        "schema_version": 1,
        "held_on": mid,
        "reviewers": ["P-RGS"],
    }
    files["records/review.yaml"] = {
        "kind": "contract-review",
        "id": "CR-1",
        "schema_version": 1,
        "uc": "UC-DC",
        "supplier": "SUP-DC",
        "held_on": mid,
        "reviewers": ["P-RGS"],
        "performance": "Good.",
    }
    files["records/continuity.yaml"] = {
        "kind": "continuity-test",
        "id": "CT-1",
        "schema_version": 1,
        "services": ["SVC-WEB"],
        "held_on": mid,
        "scenario": "Power loss",
        "result": "Recovered in 1h.",
        "passed": True,
    }
    files["records/mgmt-review.yaml"] = {
        "kind": "management-review",
        "id": "MR-1",
        "schema_version": 1,
        "held_on": mid,
        "chair": "P-DIR",
        "attendees": ["P-DIR", "P-RGS"],
    }
    files["records/internal-audit.yaml"] = {
        "kind": "audit-report",
        "id": "IA-1",
        "schema_version": 1,
        "audit_type": "internal",
        "standard": "iso20000-1:2018",
        "scope": "Whole SMS",
        "start": mid,
        "end": mid,
        "auditors": [{"name": "Ada Auditor", "person": "P-AUD"}],
        "conclusion": "Good.",
        "readiness": 80.0,
    }
    for n in range(1, 7):  # one report per month before the audit
        month_end = dt.date(as_of.year, as_of.month, 1) - dt.timedelta(days=1)
        for _ in range(n - 1):
            month_end = dt.date(month_end.year, month_end.month, 1) - dt.timedelta(days=1)
        month_start = month_end.replace(day=1)
        if month_start < start:
            continue
        files[f"records/report-{month_start:%Y-%m}.yaml"] = {
            "kind": "service-report",
            "id": f"RS-{month_start:%Y-%m}",
            "schema_version": 1,
            "sla": "SLA-A",
            "period_start": month_start,
            "period_end": month_end,
            "issued_on": month_end + dt.timedelta(days=3),
            "author": "P-RGS",
            "measurements": [
                {"indicator": "Availability", "target": "99.5%", "measured": "99.9%", "met": True}
            ],
        }
    return files


def write_company(root: Any, files: dict[str, Any]) -> None:
    """Dump ``files`` as YAML under ``root``."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
