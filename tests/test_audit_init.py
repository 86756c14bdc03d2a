"""A fresh `itsmkit init` and `itsmkit audit` fit: the audit lists what to fill in.

Every document, procedure, plan and owning role the audit rules ask for is scaffolded by
init (as a draft with placeholders); what remains "absent" is evidence that only running
the SMS can produce (records, reviews, audits) and the scope to write.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from itsmkit.audit.engine import run_audit
from itsmkit.audit.spec import EDITIONS, load_spec
from itsmkit.cli.app import app
from itsmkit.config import STANDARDS
from itsmkit.model.audit import Grade

runner = CliRunner()
# Rules whose evidence is the SMS at work (records, a person's certificate) or the scope
# to write: init cannot honestly scaffold them.
RECORD_CHECKS = {
    "scope",
    "foundation",
    "history",
    "recent",
    "internal-audit",
    "internal-audit-held",
    "survey-interval",
    "offer-review-interval",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("standard", sorted(EDITIONS))
def test_fresh_init_audits_to_what_to_fill_in(tmp_path, lang: str, standard: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "co"
    result = runner.invoke(
        app, ["init", str(root), "--lang", lang, "--standard", standard, "-y", "--no-git"]
    )
    assert result.exit_code == 0, result.output
    audit = run_audit(root)
    checks = {r.id: r.check for r in load_spec(standard).rules}
    missing = [
        (f.rule, f.found)
        for f in audit.findings
        if f.evidence == ("absent",) and checks[f.rule] not in RECORD_CHECKS
    ]
    assert missing == []
    unowned = [f.found for f in audit.findings if "without an owning role" in f.found]
    assert unowned == []
    majors = {checks[f.rule] for f in audit.findings if f.grade is Grade.MAJOR}
    assert majors <= RECORD_CHECKS, majors


def test_every_edition_init_offers_has_audit_rules() -> None:
    assert set(STANDARDS) == set(EDITIONS)


def test_one_competence_gap_is_one_finding_listing_its_processes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "co"
    assert runner.invoke(app, ["init", str(root), "-y", "--no-git"]).exit_code == 0
    gaps = [f.found for f in run_audit(root).findings if f.rule == "AUD-COMPETENCE"]
    holders = [g.split(" meets ")[0] for g in gaps if g.startswith("no holder of ")]
    assert len(holders) == len(set(holders)), gaps  # the same gap is never raised twice
    assert any("," in g.split("required to own ")[1].split(" (")[0] for g in gaps), gaps
