"""Issue 16: the standards data's last errors, checked against the seeds and the reference."""

from __future__ import annotations

from itsmkit.audit.spec import load_spec
from itsmkit.frameworks.catalog import catalog
from itsmkit.frameworks.mapping import all_mappings


def test_clause_6_of_2005_and_bs15000_is_singular() -> None:
    for key in ("iso20000-1:2005", "bs15000-1:2002"):
        assert catalog(key).items["6"].en == "Service delivery process", key
    groups = {g.id: g.title for g in load_spec("iso20000-1:2005").groups}
    assert groups["6"] == "Service delivery process"
    # the 2011 edition is plural (IRCA briefing note TOC)
    assert catalog("iso20000-1:2011").items["6"].en == "Service delivery processes"


def test_cmmi_svc_12_pmc_goal_uses_the_v12_wording() -> None:
    assert catalog("cmmi-svc:1.2").items["PMC.SG1"].en == "Monitor Project Against Plan"


def test_supplier_management_2011_to_2018_is_a_subset() -> None:
    rows = [
        r
        for _, m in all_mappings()
        if (m.framework, m.target) == ("iso20000-1:2011", "iso20000-1:2018")
        for r in m.rows
        if (r.from_, r.to) == ("7.2", "8.3.4")
    ]
    assert len(rows) == 1 and rows[0].relation == "subset"
    assert "internal supplier" in rows[0].rationale
