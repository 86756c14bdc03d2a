"""``itsmkit trace --lang``: a French trace quotes no English heading, label or gap.

Clause titles come from the catalogs in the reader's language; the headings, columns and
summary lines from ``data/audit/trace.yaml``. The checks below read every English word of
that file and look for it in the French outputs (text, Markdown), the way
tests/test_audit_french.py checks the audit, on the example (``language: fr``, so French
by default) and on a fresh French ``init`` (whose many gaps quote requirement labels).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from tests.conftest import EXAMPLE, run_cli
from tests.frameworks_fixtures import SMALL
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.frameworks.clauses import FORMULA
from itsmkit.frameworks.trace_words import Words, english_words, requirement_labels
from itsmkit.resources import data_dir

runner = CliRunner()


def invoke(*args: str) -> str:
    done = runner.invoke(app, list(args))
    assert done.exit_code == 0, done.output
    return done.output


def _has(text: str, words: str) -> bool:
    return re.search(rf"\b{re.escape(words)}\b", text) is not None


def english_in(text: str) -> list[str]:
    """English fragments of trace's words (and requirement labels) found in ``text``."""
    french = Words("fr")
    found = []
    for key, en in english_words().items():
        fr = french(key)
        for piece in re.split(r"\{\w+\}", en):
            piece = piece.strip(" :;.,()+")
            if len(piece) >= 4 and piece not in fr and _has(text, piece):
                found.append(piece)
    found += [en for en, fr in requirement_labels().items() if en != fr and _has(text, en)]
    if FORMULA[:60] in text:
        found.append(FORMULA[:60])
    return found


@pytest.fixture
def french_init(tmp_path: Path) -> Path:
    root = tmp_path / "co"
    invoke("init", str(root), "-y", "--no-git", "--lang", "fr")
    return root


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_french_trace_of_the_example_is_all_french(fmt: str) -> None:
    out = invoke("trace", str(EXAMPLE), "--format", fmt)  # language: fr, so French by default
    assert "Couverture du référentiel iso20000-1:2018" in out
    assert "Remarque\u00a0: jugé à la date du 25 novembre 2026" in out
    assert "AUD-OPEN-NC (mineure)" in out
    assert english_in(out) == []


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_french_trace_of_a_fresh_init_quotes_its_gaps_in_french(
    french_init: Path, fmt: str
) -> None:
    out = invoke("trace", str(french_init), "--format", fmt, "--via", "itil:4")
    assert "manques" in out and "Vu comme itil:4" in out
    assert "compte rendu de revue de direction" in out  # a gap, in French
    assert english_in(out) == []


def test_the_english_words_are_seen_by_the_check(french_init: Path) -> None:
    """The safety net the tests above rely on: an English trace is caught."""
    out = invoke("trace", str(french_init), "--lang", "en")
    found = english_in(out)
    assert "By clause group" in found and "management review record" in found


def test_lang_en_on_a_french_repository_is_all_english() -> None:
    out = invoke("trace", str(EXAMPLE), "--lang", "en", "--format", "md")
    assert out.startswith("# Coverage of iso20000-1:2018: ISO/IEC 20000-1:2018 Service management")
    assert "| 4 | Context of the organization |" in out
    assert "> Note: judged as of 2026-11-25" in out
    assert "Couverture" not in out and "Contexte de l'organisation" not in out


def test_lang_fr_on_an_english_repository(make_repo) -> None:
    root = make_repo(SMALL)  # language: en
    out = invoke("trace", str(root), "--lang", "fr", "--format", "md")
    assert "| 8.3.3 | Gestion des niveaux de service | N |" in out
    assert "revue de l'offre de services" in out  # the gap, in French
    assert english_in(out) == []


def test_json_keys_and_csv_headers_stay_english() -> None:
    fr = json.loads(invoke("trace", str(EXAMPLE), "--format", "json"))
    en = json.loads(invoke("trace", str(EXAMPLE), "--format", "json", "--lang", "en"))
    assert fr.keys() == en.keys() and fr["clauses"][0].keys() == en["clauses"][0].keys()
    assert fr["groups"][0]["title"] == "Contexte de l'organisation"
    assert en["groups"][0]["title"] == "Context of the organization"
    csv_fr = invoke("trace", str(EXAMPLE), "--format", "csv")
    assert csv_fr.splitlines()[0] == "clause,title,status,evidence,gaps,findings,confidence"
    assert ",Contexte de l'organisation," not in csv_fr  # groups are not the CSV's table
    assert "4.3,Détermination du domaine d'application du SMS,C," in csv_fr


def test_a_bad_lang_is_a_usage_error() -> None:
    done = runner.invoke(app, ["trace", str(EXAMPLE), "--lang", "de"])
    assert done.exit_code == 2 and "--lang 'de' is not allowed" in done.output
    done = runner.invoke(app, ["trace", "--matrix", "dp", "--lang", "fr"])
    assert done.exit_code == 2 and "cannot be combined" in done.output


def test_subprocess_french_trace(french_init: Path) -> None:
    done = run_cli("trace", str(french_init))
    assert done.returncode == 0, done.stderr
    assert "Par chapitre de la norme" in done.stdout and english_in(done.stdout) == []


def test_every_word_has_both_languages_and_every_requirement_label_its_french() -> None:
    data = yaml.safe_load((data_dir("audit") / "trace.yaml").read_text(encoding="utf-8"))
    for key, entry in data["words"].items():
        assert set(entry) == {"en", "fr"}, key
        assert re.findall(r"\{\w+\}", entry["en"]) == re.findall(r"\{\w+\}", entry["fr"]), key
    words = Words("fr")
    for path in sorted((data_dir("frameworks") / "evidence").glob("*.yaml")):
        for link in yaml.safe_load(path.read_text(encoding="utf-8"))["links"]:
            for req in link["requires"]:
                words.requirement(req["label"])
    assert words.untranslated == set()
