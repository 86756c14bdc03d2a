"""The competence finding's action on a terminal: the first behaviour of the level, not all.

Seed 003 gives each competency level half a dozen behaviours; the finding's action quotes
them all. The terminal text shows the first one and how many more; the Markdown, JSON and
Word reports keep every one (they are the auditor's record).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itsmkit.audit.printers import short_action
from itsmkit.cli.app import app
from itsmkit.frameworks.competency import level

runner = CliRunner()
ROLE = "organisation/roles/role-rgs-ac.yaml"


@pytest.fixture
def short_of_expert(example_copy: Path) -> Path:
    """The example, its service desk role now asking expert (level 5) competences."""
    path = example_copy / ROLE
    text = path.read_text(encoding="utf-8")
    for area in ("service-desk", "problem"):
        text, n = re.subn(rf"\{{area: {area}, level: \d\}}", f"{{area: {area}, level: 5}}", text)
        assert n == 1
    path.write_text(text, encoding="utf-8")
    return example_copy


def audit(root: Path, *args: str) -> str:
    done = runner.invoke(app, ["audit", str(root), *args], env={"COLUMNS": "150"})
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.mark.parametrize(
    ("lang", "more"),
    [("fr", "(+{n} autres dans le rapport complet"), ("en", "(+{n} more in the full report")],
)
def test_the_terminal_quotes_the_first_behaviour_and_counts_the_others(
    short_of_expert: Path, lang: str, more: str
) -> None:
    behaviours = level(5).behaviours
    assert len(behaviours) > 2
    text = audit(short_of_expert, "--lang", lang)
    (line,) = [x for x in text.splitlines() if "seed 003" in x]
    assert f"« {behaviours[0]} » … {more.format(n=len(behaviours) - 1)}" in line
    assert all(b not in text for b in behaviours[1:])
    assert len(line) < 400  # it was over 800 characters


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_the_reports_keep_every_behaviour(short_of_expert: Path, fmt: str) -> None:
    out = audit(short_of_expert, "-f", fmt)
    if fmt == "json":
        (action,) = [
            f["recommendation"]
            for f in json.loads(out)["findings"]
            if "seed 003" in f["recommendation"]
        ]
        out = action
    assert all(f"« {b} »" in out for b in level(5).behaviours)
    assert "rapport complet" not in out


def test_a_single_quote_and_other_texts_are_left_alone() -> None:
    one = "Level 2 « Basic » (Basic): « Applies the basics. »."
    assert short_action(one) == one
    assert short_action("Name the owning role in each role's `processes:`.") == (
        "Name the owning role in each role's `processes:`."
    )
    two = "level 3 « X » (X): « a » « b »; level 4 « Y » (Y): « c » « d » « e »."
    assert short_action(two, "fr") == (
        "level 3 « X » (X): « a » … (+1 autre dans le rapport complet\u00a0: -f md, docx ou json); "
        "level 4 « Y » (Y): « c » … (+2 autres dans le rapport complet\u00a0: -f md, docx ou json)."
    )
