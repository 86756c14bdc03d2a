"""validate and audit agree: each validation error that matters to conformity is in the audit.

One defect of each kind is seeded in a copy of the example; `itsmkit validate` must report
it under its rule code and `itsmkit audit` must raise a finding at the clause of the edition
that requires it, citing the file. Kinds: dates in the wrong order (a record, a change),
an SLA missing Annex C content, an unsigned SLA, a live service without SLA, a placeholder
left in an approved document, and a placeholder in the scope (in either language).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import EXAMPLE
from tests.test_audit_recall import apply_edits

from itsmkit.audit.engine import run_audit
from itsmkit.validator import validate

# kind: (edits, validation code, file the finding cites, clause per edition)
DEFECTS: dict[str, tuple[list[dict[str, Any]], str, str, dict[str, str]]] = {
    "record-dates-in-wrong-order": (
        [
            {
                "file": "records/operations/problems-2026.yaml",
                "path": ["items", 0, "closed"],
                "value": dt.datetime(2026, 4, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            }
        ],
        "date-order",
        "records/operations/problems-2026.yaml",
        {"iso20000-1:2018": "7.5", "iso20000-1:2011": "4.3", "iso20000-1:2005": "3.2"},
    ),
    "change-approved-after-implementation": (
        [
            {
                "file": "records/operations/changes-2026.yaml",
                "path": ["items", "CHG-2026-002", "approved"],
                "value": dt.datetime(
                    2026, 5, 22, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))
                ),
            }
        ],
        "date-order",
        "records/operations/changes-2026.yaml",
        {"iso20000-1:2018": "8.5.1", "iso20000-1:2011": "9.2", "iso20000-1:2005": "9.2"},
    ),
    "sla-without-annex-c-content": (
        [{"file": "agreements/slas/sla-cimes.yaml", "path": ["service_hours"], "delete": True}],
        "sla-annex-c",
        "agreements/slas/sla-cimes.yaml",
        {"iso20000-1:2018": "8.3.3", "iso20000-1:2011": "6.1", "iso20000-1:2005": "6.1"},
    ),
    "sla-unsigned": (
        [{"file": "agreements/slas/sla-cimes.yaml", "path": ["signatures", 1], "delete": True}],
        "sla-unsigned",
        "agreements/slas/sla-cimes.yaml",
        {"iso20000-1:2018": "8.3.3", "iso20000-1:2011": "6.1", "iso20000-1:2005": "6.1"},
    ),
    "live-service-without-sla": (
        [{"file": "services/svc-pra.yaml", "path": ["service_status"], "value": "live"}],
        "service-no-sla",
        "services/svc-pra.yaml",
        {"iso20000-1:2018": "8.3.3", "iso20000-1:2011": "6.1", "iso20000-1:2005": "6.1"},
    ),
    "placeholder-in-approved-document": (
        [
            {
                "file": "governance/policies/pol-secu.yaml",
                "path": ["title", "fr"],
                "value": "Politique de sécurité [[à compléter]]",
            }
        ],
        "placeholder",
        "governance/policies/pol-secu.yaml",
        {"iso20000-1:2018": "7.5", "iso20000-1:2011": "4.3", "iso20000-1:2005": "3.2"},
    ),
    "placeholder-in-the-french-scope": (
        [{"file": "itsmkit.yaml", "path": ["scope", "fr"], "value": "[[Périmètre du SMS]]"}],
        "placeholder",
        "itsmkit.yaml",
        {"iso20000-1:2018": "4.3", "iso20000-1:2011": "4.5.1", "iso20000-1:2005": "4.1"},
    ),
    "placeholder-in-the-english-scope": (
        [{"file": "itsmkit.yaml", "path": ["scope", "en"], "value": "[[Scope of the SMS]]"}],
        "placeholder",
        "itsmkit.yaml",
        {"iso20000-1:2018": "4.3", "iso20000-1:2011": "4.5.1", "iso20000-1:2005": "4.1"},
    ),
}


def _seeded(tmp_path: Path, kind: str) -> Path:
    root = tmp_path / kind
    shutil.copytree(EXAMPLE, root)
    apply_edits(root, DEFECTS[kind][0])
    return root


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("kind", list(DEFECTS))
def test_validation_error_is_an_audit_finding_at_its_clause(tmp_path: Path, kind: str) -> None:
    _, code, file, clauses = DEFECTS[kind]
    root = _seeded(tmp_path, kind)
    report, _ = validate(root, today=dt.date(2026, 11, 25))
    assert any(i.code == code and i.file == file for i in report.issues), [
        (i.code, i.file) for i in report.issues
    ]
    for standard, clause in clauses.items():
        findings = run_audit(root, standard=standard).findings
        cited = [
            f
            for f in findings
            if f.clause == clause and any(e.split(":")[0] == file for e in f.evidence)
        ]
        assert cited, (standard, [(f.rule, f.clause, f.evidence) for f in findings])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_example_itself_has_none_of_these_findings(tmp_path: Path) -> None:
    root = tmp_path / "clean"
    shutil.copytree(EXAMPLE, root)
    rules = {f.rule for f in run_audit(root).findings}
    assert not rules & {
        "AUD-VALID-DATES",
        "AUD-VALID-PLACEHOLDERS",
        "AUD-SCOPE",
        "AUD-SLA-CONTENT",
        "AUD-CHANGE-APPROVAL",
    }
