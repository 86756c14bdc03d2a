"""The mock audit in French and English: every format, --write in every language."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.audit_fixture import clean_company, write_company
from typer.testing import CliRunner

from itsmkit.audit.french import Translator
from itsmkit.cli.app import app

runner = CliRunner()
AS_OF = "2026-06-30"


def _company(tmp_path: Path, language: str = "fr", bilingual: bool = True) -> Path:
    files: dict[str, Any] = clean_company()
    del files["records/internal-audit.yaml"]  # gives a major finding (9.2) to show
    files["policies/change.yaml"].update(status="draft", approver=None, approved_on=None)
    files["itsmkit.yaml"]["language"] = language
    scope = {
        "fr": "Hébergement géré pour des clients de Grenoble.",
        "en": "Managed hosting for customers in Grenoble.",
    }
    if not bilingual:
        del scope["fr"]
    files["itsmkit.yaml"]["scope"] = scope
    root = tmp_path / "co"
    write_company(root, files)
    return root


def _run(*args: str) -> Any:
    return runner.invoke(app, ["audit", *args, "--as-of", AS_OF])


def test_french_repository_gets_a_french_report_by_default(tmp_path: Path) -> None:
    root = _company(tmp_path)
    result = _run(str(root), "-f", "md")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# Rapport d'audit à blanc — Clean Co")
    for heading in ("## 1. Verdict et niveau de préparation", "## 4. Constats"):
        assert heading in out
    assert "### Non-conformité majeure (1)" in out
    assert "| Attendu | Un audit interne (ou un audit à blanc mené par des personnes)" in out
    assert "| Constaté | aucun rapport d'audit interne |" in out
    assert "« politique (changements) » n'existe qu'à l'état de brouillon" in out
    assert "Hébergement géré pour des clients de Grenoble." in out
    # no English headings or fixed text left
    for english in ("Findings", "Expected", "Evidence", "Readiness", "Verdict and"):
        assert english not in out
    assert "`" not in out


def test_lang_option_overrides_for_every_format(tmp_path: Path) -> None:
    root = _company(tmp_path)
    md = _run(str(root), "-f", "md", "--lang", "en").stdout
    assert md.startswith("# Mock audit report — Clean Co") and "## 4. Findings" in md
    text = _run(str(root), "--lang", "fr").stdout
    assert "Audit à blanc de Clean Co" in text and "préparation" in text
    data = json.loads(_run(str(root), "-f", "json", "--lang", "fr").stdout)
    payload = data.get("data", data)
    assert any(f["expected"].startswith("Un audit interne") for f in payload["findings"])
    bad = _run(str(root), "--lang", "de")
    assert bad.exit_code == 2 and "--lang 'de' is not allowed" in bad.output


def test_docx_report_is_french_with_one_block_per_finding(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    root = _company(tmp_path)
    target = tmp_path / "audit.docx"
    result = _run(str(root), "-f", "docx", "-o", str(target), "--lang", "fr")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "1. Verdict et niveau de préparation"
    blocks = [
        t for t in document.tables if len(t.rows) > 1 and t.rows[1].cells[0].text == "Chapitre"
    ]
    assert blocks, "no finding block"
    assert [r.cells[0].text for r in blocks[0].rows] == [
        "Gravité",
        "Chapitre",
        "Attendu",
        "Constaté",
        "Preuves",
        "Action recommandée",
    ]
    body = " ".join(p.text for p in document.paragraphs)
    assert "`" not in body and "**" not in body


def test_untranslated_text_is_quoted_in_english_and_said(tmp_path: Path) -> None:
    tr = Translator(lang="fr", standard="iso20000-1:2018")
    assert tr.text("a text no check has ever built") == "a text no check has ever built"
    assert tr.untranslated == {"a text no check has ever built"}
    from itsmkit.audit.report_doc import language_notice

    note = language_notice(tr)
    assert note is not None and "1 texte de ce rapport n’existe qu'en anglais" in note
    # a French repository whose scope is stated in English only: the warning reaches stderr
    root = _company(tmp_path, bilingual=False)
    result = _run(str(root), "-f", "md")
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "en anglais" in result.stderr


def test_french_plurals_in_finding_texts() -> None:
    tr = Translator(lang="fr", standard="iso20000-1:2018")
    one = tr.text("1 action(s) overdue: ACT-1 (due 2026-05-01)")
    many = tr.text("3 action(s) overdue: ACT-1 (due 2026-05-01)")
    assert one.startswith("1 action en retard : ")
    assert many.startswith("3 actions en retard : ")
    assert "1er mai 2026" in one
    assert "(s)" not in one + many


def test_write_stores_every_language_and_no_internal_notes(tmp_path: Path) -> None:
    root = _company(tmp_path)
    result = _run(str(root), "-f", "json", "--write")
    assert result.exit_code == 0, result.output
    report = yaml.safe_load((root / "audits" / f"{AS_OF}-mock" / "audit-report.yaml").read_text())
    assert report["scope"] == {
        "fr": "Hébergement géré pour des clients de Grenoble.",
        "en": "Managed hosting for customers in Grenoble.",
    }
    assert set(report["method"]) == {"fr", "en"}
    method = " ".join(report["method"].values())
    assert not re.search(r"frameworks\.md|§|seed|`", method), method
    findings = yaml.safe_load((root / "audits" / f"{AS_OF}-mock" / "findings.yaml").read_text())
    assert all(set(f["expected"]) == {"fr", "en"} for f in findings["items"])


def test_one_language_repository_writes_plain_strings(tmp_path: Path) -> None:
    root = _company(tmp_path, language="en", bilingual=False)
    assert _run(str(root), "-f", "json", "--write").exit_code == 0
    report = yaml.safe_load((root / "audits" / f"{AS_OF}-mock" / "audit-report.yaml").read_text())
    assert isinstance(report["scope"], str) and isinstance(report["method"], str)


@pytest.mark.parametrize("standard", ["iso20000-1:2018", "iso20000-1:2011", "iso20000-1:2005"])
def test_every_rule_title_and_expectation_has_its_french(standard: str) -> None:
    from itsmkit.audit.spec import load_spec

    spec = load_spec(standard)
    tr = Translator(lang="fr", standard=standard)
    for clause in [*spec.clauses, *spec.not_assessed, *spec.groups]:
        tr.title(clause.id, clause.title)
    for rule in spec.rules:
        if rule.expected:
            assert tr.expected(rule.id, rule.expected) != rule.expected, rule.id
    assert tr.untranslated == set()
