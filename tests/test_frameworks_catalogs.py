"""Integrity of the shipped framework data: catalogs, mappings, evidence links, checklists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from tests.annex_d_seed import seed_file

from itsmkit.frameworks.catalog import (
    FrameworkDataError,
    all_catalogs,
    catalog,
    catalog_paths,
    load_data,
    split_clause_id,
    stem,
)
from itsmkit.frameworks.checklist import all_checklists
from itsmkit.frameworks.evidence import _evidence_at, evidence_paths
from itsmkit.frameworks.mapping import all_mappings
from itsmkit.frameworks.schema.catalog import CatalogFile
from itsmkit.model.base import Document
from itsmkit.model.registry import KINDS

REPO = Path(__file__).resolve().parent.parent
EXPECTED = {
    "iso20000-1:2005",
    "iso20000-1:2011",
    "iso20000-1:2018",
    "bs15000-1:2002",
    "itil:v3",
    "itil:4",
    "cmmi-svc:1.2",
    "cmmi-svc:1.3",
    "iso9001:2008",
    "iso9001:2015",
    "etom",
    "dp:itsm",
}
CONFIDENCES = {"S", "S~", "K", "INF"}
ETOM_COUNT = 197  # distinct process identifiers in seed 002 (body and summary tables agree)


def test_every_required_catalog_ships_under_its_file_name() -> None:
    keys = {c.key for c in all_catalogs()}
    assert keys == EXPECTED
    for cat in all_catalogs():
        assert cat.path.name == f"{stem(cat.key)}.yaml"


@pytest.mark.parametrize("path", catalog_paths(), ids=lambda p: p.name)
def test_catalog_integrity(path: Path) -> None:
    data = load_data(path, CatalogFile)
    ids = [i.id for i in data.items]
    assert len(ids) == len(set(ids)), "ids are unique"
    for item in data.items:
        assert item.parent is None or item.parent in ids
        assert item.source in data.sources and data.sources[item.source].strip()
        assert item.confidence in CONFIDENCES
        assert item.en or item.fr
        # short titles only: no body text of a standard
        assert len(item.label) <= 120, item.id
    for field in (data.framework, data.edition, data.publisher, data.licence_note, data.source):
        assert field.strip()
    assert data.data_version >= 1


def test_catalog_trees_have_no_cycles() -> None:
    for cat in all_catalogs():
        for ident in cat.items:
            chain = [a.id for a in cat.ancestors(ident)]
            assert ident not in chain
            assert len(chain) == len(set(chain))


def test_bs15000_is_declared_near_identical_to_2005_with_same_numbering() -> None:
    bs, iso = catalog("bs15000-1:2002"), catalog("iso20000-1:2005")
    assert bs.data.near_identical_to == "iso20000-1:2005"
    assert "near-identical" in (bs.data.equivalence_note or "").lower()
    assert set(bs.items) == set(iso.items)


def test_known_facts_of_the_catalogs() -> None:
    assert catalog("iso20000-1:2005").items["7.3"].label == "Supplier management"
    assert catalog("iso20000-1:2011").items["7.2"].label == "Supplier management"
    assert catalog("iso20000-1:2018").items["8.3.4"].label == "Supplier management"
    processes_2005 = [i for i in catalog("iso20000-1:2005").data.items if i.kind == "process"]
    assert len(processes_2005) == 13
    practices = [i for i in catalog("itil:4").data.items if i.kind == "practice"]
    assert len(practices) == 34
    for version in ("cmmi-svc:1.2", "cmmi-svc:1.3"):
        pas = [i for i in catalog(version).data.items if i.kind == "process-area"]
        assert len(pas) == 24
        assert "SSAD" not in catalog(version).items
    assert "PP" in catalog("cmmi-svc:1.2").items and "WP" in catalog("cmmi-svc:1.3").items


def test_dp_catalog_structure_and_aliases() -> None:
    dp = catalog("dp:itsm")
    kinds = {
        k: [i.id for i in dp.data.items if i.kind == k]
        for k in ("process", "activity", "task", "step")
    }
    assert kinds["process"] == [
        "ITSM-PLA.1",
        "ITSM-SDE.2",
        "ITSM-REL.1",
        "ITSM-REL.2",
        "ITSM-SDE.5",
        "ITSM-SDE.1",
        "ITSM-CERT",
    ]
    assert (
        len(kinds["activity"]) == 9
        and len(kinds["task"]) == 9
        and len(kinds["step"]) == 5 + 2 + 4 + 4 + 2 + 3 + 3 + 2 + 6
    )
    for task in kinds["task"]:
        assert dp.items[task].roles and dp.items[task].artefacts
    # ITSM-* ids are an alias table, never parsed: REL.1 is BRM, clause 7.2 of 2005.
    rel1 = [a for a in dp.data.aliases if a.alias == "ITSM-REL.1.1"]
    assert "iso20000-1:2005/7.2" in rel1[0].targets
    for alias in dp.data.aliases:
        assert alias.alias in dp.items
        for target in alias.targets:
            fw, item = split_clause_id(target)
            assert item in catalog(fw).items, target


@pytest.mark.parametrize("path", [p for p, _ in all_mappings()], ids=lambda p: p.name)
def test_every_mapping_endpoint_exists(path: Path) -> None:
    data = dict(all_mappings())[path]
    source, target = catalog(data.framework), catalog(data.target)
    assert path.name == f"{stem(data.framework)}__{stem(data.target)}.yaml"
    pairs = set()
    for row in data.rows:
        assert row.from_ in source.items, f"{data.framework}/{row.from_}"
        assert row.to in target.items, f"{data.target}/{row.to}"
        assert row.source in data.sources and row.confidence in CONFIDENCES
        assert row.rationale.strip()
        assert (row.from_, row.to) not in pairs, "one row per pair"
        pairs.add((row.from_, row.to))
        if row.confidence in ("K", "INF"):
            assert row.editorial, "unsourced rows must be marked editorial"


def test_required_mappings_ship() -> None:
    pairs = {(m.framework, m.target) for _, m in all_mappings()}
    for pair in [
        ("iso20000-1:2005", "iso20000-1:2011"),
        ("iso20000-1:2011", "iso20000-1:2018"),
        ("bs15000-1:2002", "iso20000-1:2005"),
        ("iso20000-1:2005", "itil:v3"),
        ("iso20000-1:2018", "itil:4"),
        ("iso20000-1:2005", "cmmi-svc:1.2"),
        ("iso20000-1:2011", "cmmi-svc:1.3"),
        ("iso20000-1:2011", "iso9001:2008"),
        ("iso20000-1:2018", "iso9001:2015"),
        ("iso20000-1:2018", "etom"),
    ]:
        assert pair in pairs


@pytest.mark.parametrize("path", evidence_paths(), ids=lambda p: p.name)
def test_evidence_links_name_real_clauses_kinds_and_fields(path: Path) -> None:
    data = _evidence_at(path)
    cat = catalog(data.framework)
    clauses = [link.clause for link in data.links]
    assert len(clauses) == len(set(clauses))
    for link in data.links:
        assert link.clause in cat.items, link.clause
        for sel in link.requires:
            for kind in sel.kinds:
                assert kind in KINDS, kind
                model = KINDS[kind]
                for name in sel.where:
                    assert name in model.model_fields, f"{kind}.{name}"
                if sel.status:
                    assert issubclass(model, Document)
                if sel.processes:
                    assert "processes" in model.model_fields


def test_checklists_name_real_kinds_fields_and_clauses() -> None:
    ids = [c.id for _, c in all_checklists()]
    assert len(ids) == len(set(ids)) and "sla" in ids
    for _, cl in all_checklists():
        model = KINDS[cl.applies_to]
        for item in cl.items:
            assert item.check.field.split(".")[0] in model.model_fields, f"{cl.id}.{item.id}"
            if item.applies_if:
                assert item.applies_if.field in model.model_fields
            if item.clause:
                fw, ident = split_clause_id(item.clause)
                assert ident in catalog(fw).items


def test_sla_checklist_is_the_seed_annex_c() -> None:
    # One Annex C, in data: validate and checklist both read it (no copy in code).
    sla = next(c for _, c in all_checklists() if c.id == "sla")
    seed_items = [i for i in sla.items if i.source == "seed-000-annex-c"]
    assert len(seed_items) == 9
    assert {i.code for i in seed_items} == {"sla-annex-c"}
    signed = next(i for i in sla.items if i.id == "signatures")
    assert (signed.code, signed.check.covers) == (
        "sla-unsigned",
        {"party": ["provider", "customer"]},
    )
    seed = seed_file("000")
    if seed is None:
        pytest.skip("seed 000 is not available beside the repository (../shared/seeds)")
    text = seed.read_text(encoding="utf-8")
    annex = text[text.index("Annexe C – Liste") : text.index("Tableau 11")]
    lines = [line.strip() for line in annex.splitlines()]
    # Labels are the seed's own words (each a line of the annex), in its order.
    at = [lines.index(i.fr or "") for i in seed_items]
    assert at == sorted(at)
    assert "signé conjointement par le dirigeant de la TPO et le représentant du client" in text


def test_checklist_codes_are_rules_validate_reports() -> None:
    from itsmkit.catalogue import RULES

    codes = {i.code for _, c in all_checklists() for i in c.items if i.code}
    assert codes <= set(RULES)
    # rules/repository.py phrases exactly these; a new code needs its message there.
    assert codes == {"sla-annex-c", "sla-unsigned"}


def test_etom_count_is_checked() -> None:
    etom = catalog("etom")
    assert etom.data.expected_count == ETOM_COUNT == len(etom.items)
    assert etom.items["1.A.1.7.2"].parent == "1.A.1.7"
    assert etom.items["1.A.1.7"].parent == "1.OFAB.1"


def test_etom_data_matches_the_seed() -> None:
    seed = seed_file("002")
    if seed is None:
        pytest.skip("seed 002 is not available beside the repository (../shared/seeds)")
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "extract_etom.py"),
            str(seed),
            str(REPO / "src/itsmkit/data/frameworks/etom.yaml"),
            "--check",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{ETOM_COUNT} identifiers" in done.stdout


def test_broken_data_file_fails_loudly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "kind: catalog\nframework: x\nedition: '1'\npublisher: p\nlicence_note: l\nsource: s\n"
        "data_version: 1\nsources: {a: b}\ntitle: {en: X}\n"
        "items:\n  - {id: '1', en: One, kind: clause, source: nope, confidence: S}\n",
        encoding="utf-8",
    )
    with pytest.raises(FrameworkDataError, match="source 'nope' is not declared"):
        load_data(bad, CatalogFile)
    bad.write_text("items: [", encoding="utf-8")
    with pytest.raises(FrameworkDataError):
        load_data(bad, CatalogFile)
    with pytest.raises(ValidationError):
        CatalogFile.model_validate({"kind": "catalog"})
