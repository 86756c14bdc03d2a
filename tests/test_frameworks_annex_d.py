"""The deployment packages' Annex D matrices: every cell against the seeds, and the review."""

from __future__ import annotations

import pytest
from tests.annex_d_seed import parse_annex_d, seed_file

from itsmkit.frameworks.matrix import annex_d, disagreements, matrix_payload


@pytest.mark.parametrize(("prefix", "package"), [("000", "dp-000"), ("001", "dp-001")])
def test_every_cell_matches_the_seed(prefix: str, package: str) -> None:
    seed = seed_file(prefix)
    if seed is None:
        pytest.skip(f"seed {prefix} is not available beside the repository (../shared/seeds)")
    expected = parse_annex_d(seed.read_text(encoding="utf-8"))
    shipped = next(p for p in annex_d().packages if p.id == package)
    assert shipped.seed == seed.name
    assert [m.label for m in shipped.matrices] == [m["label"] for m in expected]
    for mine, theirs in zip(shipped.matrices, expected, strict=True):
        assert mine.practice_header == theirs["practice_header"]
        assert [r.model_dump() for r in mine.rows] == theirs["rows"]


def test_shape_of_the_matrices_including_the_seed_duplicate_row() -> None:
    dp0, dp1 = annex_d().packages
    assert [(m.label, len(m.rows)) for m in dp0.matrices] == [
        ("ISO 9000:2000", 6),
        ("BS 15000", 6),
        ("ITIL", 6),
        ("CMMI-SVC", 7),
    ]
    assert [(m.label, [r.coverage for r in m.rows]) for m in dp1.matrices] == [
        ("ISO 9000:2005", ["C", "C", "C"]),
        ("BS 15000", ["C", "C", "C"]),
        ("ITIL", ["P", "P", "N"]),
    ]
    cmmi = dp0.matrices[3]
    assert [r.activity for r in cmmi.rows].count("ITSM-PLA.1.1") == 2
    assert all(r.coverage == "N" for r in cmmi.rows)
    itil = dp0.matrices[2]
    rel2 = next(r for r in itil.rows if r.activity == "ITSM-REL.2.1")
    assert rel2.coverage == "N" and "liaison client" in rel2.comment


def test_disagreements_with_the_reviewed_mapping_are_exact() -> None:
    got = {(d.package, d.matrix, d.activity, d.seed, d.reviewed) for d in disagreements()}
    assert got == {
        ("dp-000", "ISO 9000:2000", "ITSM-PLA.1.1", "N", "P"),
        ("dp-000", "ISO 9000:2000", "ITSM-SDE.2.1", "N", "P"),
        ("dp-000", "ISO 9000:2000", "ITSM-REL.1.1", "N", "P"),
        ("dp-000", "ISO 9000:2000", "ITSM-REL.2.1", "N", "P"),
        ("dp-000", "ISO 9000:2000", "ITSM-SDE.1.1", "N", "P"),
        ("dp-000", "ITIL", "ITSM-REL.2.1", "N", "C"),
        ("dp-000", "ITIL", "ITSM-SDE.1.1", "C", "P"),
        ("dp-000", "CMMI-SVC", "ITSM-PLA.1.1", "N", "P"),
        ("dp-000", "CMMI-SVC", "ITSM-SDE.2.1", "N", "P"),
        ("dp-000", "CMMI-SVC", "ITSM-REL.1.1", "N", "P"),
        ("dp-000", "CMMI-SVC", "ITSM-REL.2.1", "N", "P"),
        ("dp-000", "CMMI-SVC", "ITSM-SDE.5.1", "N", "C"),
        ("dp-000", "CMMI-SVC", "ITSM-SDE.1.1", "N", "P"),
        ("dp-001", "ISO 9000:2005", "ITSM-CERT.1", "C", "P"),
        ("dp-001", "ISO 9000:2005", "ITSM-CERT.2", "C", "P"),
        ("dp-001", "ISO 9000:2005", "ITSM-CERT.3", "C", "N"),
        ("dp-001", "BS 15000", "ITSM-CERT.3", "C", "N"),
    }


def test_known_issues_name_the_visible_inconsistencies() -> None:
    issues = annex_d().known_issues
    text = " ".join(i.issue for i in issues)
    assert "BS 15000 clause 7.1" in text and "twice" in text and "CMMI-ACQ" in text
    payload = matrix_payload()
    assert len(payload["disagreements"]) == 17 and payload["known_issues"]
