"""Issue 14: timestamps without a UTC offset are read in the repository's time zone."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import CONFIG, REPO_ROOT, build_file_tree, run_cli
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.model.localtime import localise, naive_of
from itsmkit.repo.loader import load_repository
from itsmkit.validator import validate

runner = CliRunner()

SERVICE = """\
kind: service
id: SVC-MAIL
schema_version: 1
title: Managed e-mail
version: "1.0"
status: draft
owner: P-ALICE
code: MAIL
name: Managed e-mail
service_status: pipeline
description: Hosted mailboxes with anti-spam.
service_owner: P-ALICE
"""

CUSTOMER = """\
kind: customer
id: CUST-BETA
schema_version: 1
name: Beta SA
"""


def _incidents(*opened: str) -> str:
    items = "".join(
        f"  - id: INC-{n:04d}\n    summary: Mail down\n    service: SVC-MAIL\n    customer: CUST-BETA\n"
        f"    priority: P2\n    status: new\n    opened: {when}\n"
        for n, when in enumerate(opened, 1)
    )
    return f"kind: batch\nof: incident\nschema_version: 1\nitems:\n{items}"


def _repo(make_repo, *opened: str, zone: str | None = "Europe/Paris") -> Path:  # type: ignore[no-untyped-def]
    config = CONFIG + (f"time_zone: {zone}\n" if zone else "")
    root: Path = make_repo(
        {
            "services/mail.yaml": SERVICE,
            "customers/beta.yaml": CUSTOMER,
            "records/incidents.yaml": _incidents(*opened),
        },
        config=config,
    )
    return root


def _opened(root: Path) -> dict[str, dt.datetime]:
    repo = load_repository(root, cache=False)
    return {
        a.artefact.id: a.artefact.opened  # type: ignore[attr-defined]
        for a in repo.by_kind("incident")
    }


def test_a_timestamp_without_offset_takes_the_repository_zone(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _repo(make_repo, "2026-01-15T08:12", "2026-07-15 08:12:30", "2026-07-15T08:12+02:00")
    result = runner.invoke(app, ["validate", str(root), "--no-cache"])
    assert result.exit_code == 0, result.output
    opened = _opened(root)
    assert opened["INC-0001"].isoformat() == "2026-01-15T08:12:00+01:00"
    assert opened["INC-0002"].isoformat() == "2026-07-15T08:12:30+02:00"
    assert opened["INC-0003"].isoformat() == "2026-07-15T08:12:00+02:00"
    # Another zone, another instant: the setting is what decides.
    london = _repo(make_repo, "2026-01-15T08:12", zone="America/New_York")
    assert _opened(london)["INC-0001"].isoformat() == "2026-01-15T08:12:00-05:00"


def test_without_the_setting_the_default_zone_applies(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _repo(make_repo, "2026-07-15T08:12", zone=None)
    assert _opened(root)["INC-0001"].isoformat() == "2026-07-15T08:12:00+02:00"


def test_a_date_alone_is_still_not_a_timestamp(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _repo(make_repo, "2026-07-15")
    report, _ = validate(root, cache=False)
    (issue,) = [i for i in report.issues if i.severity.value == "error"]
    assert issue.code == "schema-value"
    assert issue.message == "opened: expected a timestamp YYYY-MM-DDTHH:MM, got 2026-07-15"
    assert issue.hint is not None and "time_zone" in issue.hint
    assert (issue.line, issue.column) == (11, 13)


def test_a_local_time_the_clocks_skip_is_an_error_at_its_value(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _repo(make_repo, "2026-07-15T08:12", "2026-03-29T02:30")
    result = run_cli("validate", "--no-cache", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    line = next(x for x in result.stdout.splitlines() if "timestamp-nonexistent" in x)
    assert line.startswith("records/incidents.yaml:18:13: error timestamp-nonexistent: ")
    assert "opened: 2026-03-29 02:30 never happens in Europe/Paris" in line
    assert "from +01:00 to +02:00" in line
    assert "2026-03-29T02:30+01:00" in result.stdout  # the hint says what to write
    # The item's id is still known: a reference to it is not a second error.
    report, _ = validate(root, cache=False)
    assert [i.code for i in report.issues if i.severity.value == "error"] == [
        "timestamp-nonexistent"
    ]


def test_a_local_time_that_happens_twice_is_the_first_and_is_reported(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _repo(make_repo, "2026-10-25T02:30")
    result = runner.invoke(app, ["validate", str(root), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "records/incidents.yaml:11:13: warning timestamp-ambiguous:" in result.output
    assert "read as the first, +02:00" in result.output
    assert _opened(root)["INC-0001"].isoformat() == "2026-10-25T02:30:00+02:00"
    strict = runner.invoke(app, ["validate", str(root), "--no-cache", "--strict"])
    assert strict.exit_code == 1
    assert "--strict: failed on 1 warning (1 timestamp-ambiguous)" in strict.output


def test_an_unknown_zone_is_a_configuration_error(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = _repo(make_repo, "2026-07-15T08:12", zone="Europe/Pariss")
    result = run_cli("validate", "--no-cache", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "itsmkit.yaml:4:12: error config-invalid:" in result.stdout  # at the value
    assert "no time zone is called 'Europe/Pariss'" in result.stdout


def test_the_cache_knows_the_zone(make_repo) -> None:  # type: ignore[no-untyped-def]
    """A cached result read in one zone is not reused once the zone changes."""
    root = _repo(make_repo, "2026-07-15T08:12")
    first = run_cli("validate", str(root))  # writes the cache
    assert first.returncode == 0, first.stdout + first.stderr
    assert any((root / ".itsmkit" / "cache").iterdir())
    shown = run_cli("show", "INC-0001", "-C", str(root))
    assert "opened: 2026-07-15T08:12:00+02:00" in shown.stdout
    config = root / "itsmkit.yaml"
    config.write_text(config.read_text().replace("Europe/Paris", "UTC"))
    again = run_cli("validate", str(root))
    assert again.returncode == 0
    shown = run_cli("show", "INC-0001", "-C", str(root))
    assert "opened: 2026-07-15T08:12:00Z" in shown.stdout, shown.stdout


_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-]\d{2}:\d{2})")


def _without_offsets(root: Path, zone: ZoneInfo) -> int:
    """Rewrite every timestamp of the records as local time in ``zone``; return how many."""
    count = 0

    def local(match: re.Match[str]) -> str:
        nonlocal count
        moment = dt.datetime.fromisoformat(match.group(0)).astimezone(zone)
        wall = moment.replace(tzinfo=None)
        if localise(wall, zone).fate != "ok":
            return match.group(0)  # an hour that happens twice keeps its offset
        count += 1
        return wall.isoformat()

    for path in sorted((root / "records").rglob("*.yaml")):
        path.write_text(_STAMP.sub(local, path.read_text(encoding="utf-8")), encoding="utf-8")
    return count


def test_the_same_instants_give_the_same_sla_figures(tmp_path: Path) -> None:
    """The example's records, written with offsets or as local times, measure the same."""
    root = tmp_path / "example"
    shutil.copytree(REPO_ROOT / "examples" / "alpes-hebergement", root)
    before = run_cli("sla", "-C", str(root), "--format", "json")
    assert before.returncode == 0, before.stderr
    checked = run_cli("validate", str(root), "--format", "json")
    rewritten = _without_offsets(root, ZoneInfo("Europe/Paris"))
    assert rewritten > 1000
    assert not _STAMP.search((root / "records" / "2026-07" / "incidents.yaml").read_text())
    after = run_cli("sla", "-C", str(root), "--format", "json")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert json.loads(before.stdout)  # there are figures to compare
    again = run_cli("validate", str(root), "--format", "json")
    assert again.returncode == checked.returncode
    assert json.loads(again.stdout)["summary"] == json.loads(checked.stdout)["summary"]


def test_the_json_schema_accepts_what_validate_accepts() -> None:
    schema = json.loads((REPO_ROOT / "schemas" / "incident.schema.json").read_text())
    item = {
        "kind": "incident",
        "schema_version": 1,
        "id": "INC-0001",
        "summary": "Mail down",
        "service": "SVC-MAIL",
        "priority": "P2",
        "status": "new",
    }
    for good in ("2026-07-15T08:12", "2026-07-15 08:12:30", "2026-07-15T08:12:00+02:00"):
        assert _schema_errors(schema, {**item, "opened": good}) == [], good
    for bad in ("2026-07-15", "15/07/2026 08:12"):
        assert _schema_errors(schema, {**item, "opened": bad}), bad


def _schema_errors(schema: dict[str, object], data: dict[str, object]) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [e.message for e in validator.iter_errors(data) if "opened" in list(e.path)]


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2060, 12, 31)))
def test_localise_keeps_the_wall_clock_or_says_why(moment: dt.datetime) -> None:
    zone = ZoneInfo("Europe/Paris")
    local = localise(moment, zone)
    aware = dt.datetime.fromisoformat(local.text)
    assert aware.tzinfo is not None
    if local.fate == "gap":
        assert aware.astimezone(zone).replace(tzinfo=None) != moment
    else:
        assert aware.replace(tzinfo=None) == moment
        assert aware.utcoffset() == moment.replace(tzinfo=zone, fold=0).utcoffset()
    text = moment.isoformat(sep=" ")
    assert naive_of(text) == moment


def test_a_file_of_its_own_with_another_error_reports_only_that_error(tmp_path: Path) -> None:
    """Outside a batch too; a second problem in the item is still reported, alone."""
    complaint = """\
        kind: complaint
        id: CMP-0001
        schema_version: 1
        complaint_type: {kind}
        customer: CUST-BETA
        received: 2026-07-15T08:12
        answered: 2026-07-16 09:00
        description: Slow answers
        status: answered
        """
    root = build_file_tree(
        tmp_path,
        {
            "itsmkit.yaml": CONFIG + "time_zone: Europe/Paris\n",
            "customers/beta.yaml": CUSTOMER,
            "records/good.yaml": complaint.format(kind="other"),
            "records/bad.yaml": complaint.format(kind="grumble").replace("0001", "0002"),
        },
    )
    repo = load_repository(root, cache=False)
    (good,) = [a.artefact for a in repo.by_kind("complaint")]
    assert good.received.isoformat() == "2026-07-15T08:12:00+02:00"  # type: ignore[attr-defined]
    assert good.answered.isoformat() == "2026-07-16T09:00:00+02:00"  # type: ignore[attr-defined]
    errors = [i for i in repo.issues if i.severity.value == "error"]
    assert [(i.file, i.loc) for i in errors] == [("records/bad.yaml", ("complaint_type",))]
    assert repo.failed == {"CMP-0002": "complaint"}


def test_new_set_reads_a_local_time_like_validate(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    done = runner.invoke(app, ["init", str(root), "--lang", "fr", "--yes", "--no-git"])
    assert done.exit_code == 0, done.output
    assert "time_zone: Europe/Paris" in (root / "itsmkit.yaml").read_text(encoding="utf-8")
    made = runner.invoke(
        app, ["new", "incident", "-C", str(root), "--set", "opened=2026-07-15T08:12"]
    )
    assert made.exit_code == 0, made.output
    assert _opened(root)  # it loads, read at 08:12 Paris time
    assert {when.isoformat() for when in _opened(root).values()} == {"2026-07-15T08:12:00+02:00"}
    gap = runner.invoke(
        app, ["new", "incident", "-C", str(root), "--set", "opened=2026-03-29T02:30"]
    )
    assert gap.exit_code == 2
    assert "2026-03-29 02:30 never happens in Europe/Paris" in gap.output
    date = runner.invoke(app, ["new", "incident", "-C", str(root), "--set", "opened=2026-03-29"])
    assert date.exit_code == 2
    assert "opened: expected a timestamp YYYY-MM-DDTHH:MM, got 2026-03-29" in date.output


def test_a_tagged_timestamp_without_offset_is_read_the_same_way(make_repo) -> None:  # type: ignore[no-untyped-def]
    """YAML's own !!timestamp gives a datetime, not text: pydantic refuses it, the loader
    reads it in the zone and validates again."""
    root = _repo(make_repo, "!!timestamp 2026-07-15 08:12:00", "!!timestamp 2026-03-29 02:30:00")
    report, repo = validate(root, cache=False)
    opened = {a.artefact.id: a.artefact.opened for a in repo.by_kind("incident")}  # type: ignore[attr-defined]
    assert opened == {"INC-0001": dt.datetime.fromisoformat("2026-07-15T08:12:00+02:00")}
    errors = [i for i in report.issues if i.severity.value == "error"]
    assert [(i.code, i.artefact) for i in errors] == [("timestamp-nonexistent", "INC-0002")]
    assert repo.failed == {"INC-0002": "incident"}
