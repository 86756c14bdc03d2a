"""A French audit quotes no finding text, expectation or notice in English.

The checks write English; ``data/audit/fr.yaml`` holds the French of every text they
build. The Translator records each text it had to leave in English, so the test runs the
audit on every kind of company we have (the example, the seeded test companies of
tests/test_audit_recall.py, fresh ``init`` repositories of each edition and language, the
clean test company) and asserts it recorded none, apart from the company's own scope.
A new check whose texts have no French fails here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.audit_fixture import clean_company, write_company
from tests.conftest import EXAMPLE
from tests.test_audit_recall import SEEDS, apply_edits
from typer.testing import CliRunner

from itsmkit.audit.engine import run_audit
from itsmkit.audit.french import Translator
from itsmkit.audit.report_doc import localise, to_markdown
from itsmkit.audit.spec import EDITIONS, load_spec
from itsmkit.cli.app import app


def untranslated(root: Path) -> set[str]:
    """Finding texts, expectations and notices of a French audit of ``root`` left in English."""
    result = run_audit(root)
    shown, tr = localise(result, "fr")
    assert len(shown.notices) == len(result.notices)
    return tr.untranslated - {result.scope, *result.scopes.values()}


def _seeded(tmp_path: Path, name: str) -> Path:
    company = next(c for c in SEEDS["companies"] if c["name"] == name)
    root = tmp_path / name
    shutil.copytree(EXAMPLE, root)
    apply_edits(root, [e for d in company["defects"] for e in d["edits"]])
    return root


def test_french_audit_of_the_example_is_all_french() -> None:
    result = run_audit(EXAMPLE)
    assert any("reference_date" in n for n in result.notices)
    assert untranslated(EXAMPLE) == set()
    md = to_markdown(result, lang="fr")
    assert "judged as of" not in md and "jugé à la date du 25 novembre 2026" in md
    assert "qu'en anglais" not in md  # no language notice: nothing was left in English


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("name", [c["name"] for c in SEEDS["companies"]])
def test_french_audit_of_the_seeded_companies_is_all_french(tmp_path: Path, name: str) -> None:
    root = _seeded(tmp_path, name)
    assert run_audit(root).findings  # the seeded defects draw findings to translate
    assert untranslated(root) == set()


@pytest.mark.parametrize("standard", list(EDITIONS))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_french_audit_of_a_fresh_init_is_all_french(
    tmp_path: Path, standard: str, lang: str
) -> None:
    root = tmp_path / "co"
    done = CliRunner().invoke(
        app, ["init", str(root), "-y", "--no-git", "--standard", standard, "--lang", lang]
    )
    assert done.exit_code == 0, done.output
    assert untranslated(root) == set()


def test_french_audit_of_the_clean_test_company_is_all_french(tmp_path: Path) -> None:
    write_company(tmp_path, clean_company())
    assert untranslated(tmp_path) == set()


@pytest.mark.parametrize("standard", list(EDITIONS))
def test_every_rule_expectation_has_its_french(standard: str) -> None:
    tr = Translator(lang="fr", standard=standard)
    for rule in load_spec(standard).rules:
        if rule.expected:  # process rules build theirs (covered by the audits above)
            tr.expected(rule.id, rule.expected)
    assert tr.untranslated == set()


def test_an_unknown_text_is_reported_not_hidden() -> None:
    """The safety net the tests above rely on: an English text with no French is recorded."""
    tr = Translator(lang="fr", standard="iso20000-1:2018")
    assert tr.text("a brand new finding nobody translated") == (
        "a brand new finding nobody translated"
    )
    assert tr.untranslated == {"a brand new finding nobody translated"}
