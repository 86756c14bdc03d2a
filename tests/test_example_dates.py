"""The bundled example gives the same results on any date, and its built history is believable."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.config import Config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "alpes-hebergement"
SCRIPT = ROOT / "examples" / "tools" / "build_history.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("history") / "alpes-hebergement"
    subprocess.run([sys.executable, str(SCRIPT), str(EXAMPLE), str(dest)], check=True)
    return dest


def _reference() -> dt.date:
    import yaml

    config = Config.model_validate(yaml.safe_load((EXAMPLE / "itsmkit.yaml").read_text()))
    assert config.reference_date is not None, "the example declares the day it describes"
    return config.reference_date


def _quickstart(built: Path) -> list[str]:
    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1"}
    outputs = []
    for args in (
        ["validate", str(EXAMPLE)],
        ["audit", str(built)],
        ["audit", str(built), "-f", "json"],
    ):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    return outputs


@pytest.mark.parametrize("years", [1, 3])
def test_the_quickstart_says_the_same_years_later(built: Path, years: int) -> None:
    now = _quickstart(built)
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=365 * years + 17)
    with time_machine.travel(later, tick=False):
        assert dt.date.today() == later.date()  # the clock really moved
        assert _quickstart(built) == now
    # The example is French: its report says so in French (the notice is localised).
    from itsmkit.render.filters import date

    assert f"jugé à la date du {date(_reference(), 'fr')}" in now[1]


def test_without_the_reference_date_the_clock_would_matter(built: Path, tmp_path: Path) -> None:
    # The control: the same company judged as of today, a year on, is not the same report.
    runner = CliRunner()
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=400)
    with time_machine.travel(later, tick=False):
        today = runner.invoke(app, ["validate", str(EXAMPLE), "--today", later.date().isoformat()])
    pinned = runner.invoke(app, ["validate", str(EXAMPLE)])
    assert today.output != pinned.output


def test_the_built_history_is_believable(built: Path) -> None:
    log = subprocess.run(
        ["git", "-C", str(built), "log", "--format=%ad", "--date=short"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    days = sorted(dt.date.fromisoformat(d) for d in log)
    assert len(days) > 20, "records enter history over many days, not in one commit"
    assert days[-1] <= _reference()
    assert (days[-1] - days[0]).days >= 180
    audit = CliRunner().invoke(app, ["audit", str(built)], env={"COLUMNS": "100"})
    assert "backfilled" not in audit.output
    assert "entered git" not in audit.output


def test_build_refuses_a_folder_it_did_not_build(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(EXAMPLE), str(tmp_path / "mine")],
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "was not built by this script" in run.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
