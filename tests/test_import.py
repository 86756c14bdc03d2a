"""``itsmkit import``: every shared sample, idempotence, updates, hand edits, bad exports."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from tests.conftest import EXAMPLE, git, run_cli
from typer.testing import CliRunner

from itsmkit.cli.app import app

SAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "samples"
if not SAMPLES.is_dir():  # a worktree's ../shared, or the main checkout's
    SAMPLES = Path("/work/shared/samples")
UCI = SAMPLES / "uci-incident-event-log" / "incident_event_log_sample.csv"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")

runner = CliRunner()
STAMP = "2026-01-01T00:00:00+00:00"

CUSTOMER = """\
kind: customer
id: CUST-BETA
schema_version: 1
name: Beta SA
"""
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
DEFAULTS = "defaults:\n  customer: CUST-BETA\n  service: SVC-MAIL\n"
CONFIG = """\
organisation: Acme
language: en
scope: Hosting services for small businesses.
exclude: ["imports/*"]
"""
TOOLS = ("servicenow-events", "servicenow", "glpi", "zammad", "itop", "jira-sm", "csv")


def files(extra: dict[str, str | bytes] | None = None) -> dict[str, str | bytes]:
    """A repository with one customer, one service, and a default mapping per tool."""
    tree: dict[str, str | bytes] = {
        "parties/beta.yaml": CUSTOMER,
        "services/mail.yaml": SERVICE,
        **{f"imports/{tool}.yaml": DEFAULTS for tool in TOOLS},
    }
    tree.update(extra or {})
    return tree


def invoke(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["import", *args, "-C", str(root), "--imported-at", STAMP])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def items(path: Path) -> list[dict[str, object]]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    found: list[dict[str, object]] = data["items"]
    return found


def all_items(root: Path) -> list[dict[str, object]]:
    return [i for p in sorted(root.glob("records/*/*.yaml")) for i in items(p)]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("records/**/*"))
        if p.is_file()
    }


def validate_clean(root: Path, allow: tuple[str, ...] = ()) -> None:
    done = run_cli("validate", str(root), "--format", "json")
    report = json.loads(done.stdout)
    errors = [i for i in report["issues"] if i["severity"] == "error" and i["code"] not in allow]
    assert not errors, errors[:3]


# Shared samples ---------------------------------------------------------------------------


SAMPLE_CASES = [
    ("servicenow-events", "uci-incident-event-log/incident_event_log_sample.csv", 416),
    ("servicenow", "servicenow-table-api/RESPONSE_QUERY_TICKETS.json", 3),
    ("glpi", "glpi-rest-api/glpi-provider-0.3.9/json/TICKETS_RESPONSE.json", 16),
    ("glpi", "glpi-rest-api/glpi-provider-0.3.9/json/TICKET_REPONSE.json", 1),
    ("glpi", "glpi-rest-api/glpi-provider-0.3.9/json/TICKETS_OPEN_RESPONSE.json", 17),
    ("glpi", "glpi-rest-api/glpi-provider-0.3.9/json/TICKET_OPEN_RESPONSE.json", 1),
    ("glpi", "glpi-rest-api/demisto-content/json/glpi_remotedata_ticket.json", 1),
    ("glpi", "glpi-rest-api/demisto-content/json/glpi_modified_remotedata_search.json", 51),
    ("glpi", "glpi-rest-api/demisto-content/json/FETCHINCIDENTS_TICKET.json", 1),
    ("glpi", "glpi-rest-api/demisto-content/json/FETCHINCIDENTS_SEARCHTICKET.json", 1),
    ("zammad", "zammad-rest-api/zammad_py/test_tickets_decoded.json", 2),
    ("zammad", "zammad-rest-api/zammadoo/test_lazy_attribute_caching.log", 1),
    ("zammad", "zammad-rest-api/zammadoo/test_ticket_history.log", 1),
]


@needs_samples
@pytest.mark.parametrize(("tool", "rel", "count"), SAMPLE_CASES, ids=[c[1] for c in SAMPLE_CASES])
def test_each_sample_imports_and_validates(make_repo, tool: str, rel: str, count: int) -> None:
    root = make_repo(files(), config=CONFIG)
    code, out = invoke(root, tool, str(SAMPLES / rel))
    assert code == 0, out
    assert f"{count} added" in out
    assert len(all_items(root)) == count
    if rel.startswith("servicenow-table-api"):
        # The demo INC0000001 was closed before it was resolved: imported as it is, said so.
        assert "closed (2019-09-03T23:10:06+00:00) is before resolved" in out
        validate_clean(root, allow=("date-order",))
    else:
        validate_clean(root)


@needs_samples
def test_every_other_sample_file_gives_a_message_not_a_traceback(make_repo) -> None:
    root = make_repo(files(), config=CONFIG)
    for path in sorted(SAMPLES.rglob("*")):
        if not path.is_file() or path.suffix in (".md", ".py") or path.name == "LICENSE":
            continue
        for tool in TOOLS:
            result = runner.invoke(app, ["import", tool, str(path), "-C", str(root), "--dry-run"])
            assert result.exit_code in (0, 1, 2), (tool, path, result.output)
            assert "internal error" not in result.output, (tool, path, result.output)
            assert "Traceback" not in result.output, (tool, path, result.output)


@needs_samples
def test_uci_sample_gives_416_incidents_with_pauses_and_reimport_is_a_noop(git_repo) -> None:
    root = git_repo(files())
    (root / "itsmkit.yaml").write_text(CONFIG, encoding="utf-8")
    git(root, "commit", "-qam", "exclude mappings")
    code, out = invoke(root, "servicenow-events", str(UCI))
    assert code == 0, out
    records = all_items(root)
    assert len(records) == 416
    assert len({r["source"]["ticket_id"] for r in records}) == 416  # type: ignore[index]
    paused = [r for r in records if r.get("pauses")]
    assert len(paused) > 20
    pause = paused[0]["pauses"][0]  # type: ignore[index]
    assert pause["reason"].startswith("Awaiting")
    assert pause["start"] < pause["end"]
    assert {r["source"]["made_sla"] for r in records} == {True, False}  # type: ignore[index]
    first = next(r for r in records if r["source"]["ticket_id"] == "INC0000045")  # type: ignore[index]
    # 29/2/2016 01:16 in the log, naive: given the repository's zone, Europe/Paris (CET).
    assert first["opened"] == dt.datetime(
        2016, 2, 29, 1, 16, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "import")
    code, out = invoke(root, "servicenow-events", str(UCI))
    assert code == 0, out
    assert "0 added, 0 changed, 416 unchanged" in out
    assert git(root, "status", "--porcelain") == ""
    validate_clean(root)


# A GLPI CSV export, written the way GLPI writes it ----------------------------------------

HEADER = [
    "ID",
    "Titre",
    "Type",
    "Statut",
    "Priorité",
    "Date d'ouverture",
    "Date de résolution",
    "Entité",
    "Catégorie",
]


def glpi_csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    def line(fields: list[str]) -> str:
        return "".join('"' + f.replace('"', '""') + '";' for f in fields) + "\r\n"

    return b"\xef\xbb\xbf" + (line(header) + "".join(line(r) for r in rows)).encode("utf-8")


ROW1 = [
    "1 204",
    "Messagerie lente",
    "Incident",
    "En cours (Attribué)",
    "Haute",
    "2026-03-02 09:15",
    "",
    "Beta",
    "Mail",
]
ROW2 = [
    "1 205",
    "Création d'un compte",
    "Demande",
    "Clos",
    "Moyenne",
    "02-03-2026 10:00",
    "02-03-2026 11:30",
    "Beta",
    "Mail",
]
GLPI_MAP = """\
values:
  customer: {Beta: CUST-BETA}
  service: {Mail: SVC-MAIL}
"""


@pytest.fixture
def glpi_repo(git_repo, tmp_path: Path):  # type: ignore[no-untyped-def]
    root = git_repo(files({"imports/glpi.yaml": GLPI_MAP}))
    (root / "itsmkit.yaml").write_text(CONFIG, encoding="utf-8")
    git(root, "commit", "-qam", "config")
    export = tmp_path / "glpi.csv"
    export.write_bytes(glpi_csv([ROW1, ROW2]))
    return root, export


def test_glpi_csv_export_imports_with_ids_per_month(glpi_repo) -> None:
    root, export = glpi_repo
    code, out = invoke(root, "glpi", str(export))
    assert code == 0, out
    (inc,) = items(root / "records/2026-03/incidents.yaml")
    (req,) = items(root / "records/2026-03/service-requests.yaml")
    assert inc["id"] == "INC-2026-03-0001" and req["id"] == "REQ-2026-03-0001"
    assert inc["source"]["ticket_id"] == "1204"  # type: ignore[index]
    assert inc["priority"] == "P2" and inc["status"] == "in-progress"
    assert req["resolved"] == dt.datetime(
        2026, 3, 2, 11, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert req["request_type"] == "other" and "service_state" not in req
    validate_clean(root)


def test_dry_run_writes_nothing_and_says_what_it_would_do(glpi_repo) -> None:
    root, export = glpi_repo
    code, out = invoke(root, "glpi", str(export), "--dry-run")
    assert code == 0, out
    assert "added: INC-2026-03-0001" in out and "nothing written" in out
    assert not (root / "records").exists()


def test_newer_export_updates_in_place_and_never_duplicates(glpi_repo, tmp_path: Path) -> None:
    root, export = glpi_repo
    invoke(root, "glpi", str(export))
    before = (root / "records/2026-03/incidents.yaml").read_text(encoding="utf-8")
    newer = tmp_path / "newer.csv"
    solved = [*ROW1[:3], "Résolu", ROW1[4], ROW1[5], "2026-03-02 12:00", *ROW1[7:]]
    third = [
        "1 300",
        "Sauvegarde en échec",
        "Incident",
        "Nouveau",
        "Basse",
        "2026-03-03 08:00",
        "",
        "Beta",
        "Mail",
    ]
    newer.write_bytes(glpi_csv([solved, ROW2, third]))
    code, out = invoke(root, "glpi", str(newer))
    assert code == 0, out
    assert "1 added, 1 changed, 0 unchanged" in out
    incidents = items(root / "records/2026-03/incidents.yaml")
    assert [i["id"] for i in incidents] == ["INC-2026-03-0001", "INC-2026-03-0002"]
    assert incidents[0]["status"] == "resolved" and "resolved" in incidents[0]
    assert (root / "records/2026-03/incidents.yaml").read_text(encoding="utf-8") != before
    code, out = invoke(root, "glpi", str(newer))
    assert "0 added, 0 changed, 3 unchanged" in out


def test_hand_edit_is_kept_and_reported_field_by_field(glpi_repo, tmp_path: Path) -> None:
    root, export = glpi_repo
    invoke(root, "glpi", str(export))
    path = root / "records/2026-03/incidents.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("priority: P2", "priority: P1"), encoding="utf-8"
    )
    edited = path.read_text(encoding="utf-8")
    # The same export again: the edit no longer matches the digest, so it is kept and reported.
    code, out = invoke(root, "glpi", str(export))
    assert code == 1, out
    assert (
        "conflict INC-2026-03-0001 priority: kept the hand edit 'P1'; the export says 'P2'" in out
    )
    assert path.read_text(encoding="utf-8") == edited
    # A newer export that changes the priority: conflict reported, edit still kept.
    newer = tmp_path / "newer.csv"
    newer.write_bytes(glpi_csv([[*ROW1[:4], "Basse", *ROW1[5:]], ROW2]))
    code, out = invoke(root, "glpi", str(newer))
    assert code == 1, out
    assert (
        "conflict INC-2026-03-0001 priority: kept the hand edit 'P1'; the export says 'P4'" in out
    )
    assert items(path)[0]["priority"] == "P1"
    code, out = invoke(root, "glpi", str(newer), "--force")
    assert code == 0, out
    assert items(path)[0]["priority"] == "P4"


def test_comment_in_an_owned_file_does_not_break_reimport(glpi_repo) -> None:
    root, export = glpi_repo
    invoke(root, "glpi", str(export))
    path = root / "records/2026-03/incidents.yaml"
    text = path.read_text(encoding="utf-8").replace("    problem", "    problem")
    path.write_text(text.replace("priority: P2", "priority: P2  # checked"), encoding="utf-8")
    code, out = invoke(root, "glpi", str(export))
    assert code == 0 and "1 unchanged" in out


@pytest.mark.parametrize(
    ("row", "column", "what"),
    [
        ([*ROW1[:4], "Urgentissime", *ROW1[5:]], "Priorité", "unknown priority 'Urgentissime'"),
        (
            [*ROW1[:3], "Parti en vacances", *ROW1[4:]],
            "Statut",
            "unknown status 'Parti en vacances'",
        ),
        (
            [*ROW1[:5], "31/02/2026 09:00", *ROW1[6:]],
            "Date d'ouverture",
            "'31/02/2026 09:00' is not a valid date",
        ),
        ([*ROW1[:7], "Gamma", ROW1[8]], "Entité", "unknown customer 'Gamma'"),
    ],
)
def test_unknown_values_stop_with_file_row_column(glpi_repo, row, column, what) -> None:
    root, export = glpi_repo
    export.write_bytes(glpi_csv([ROW2, row]))
    code, out = invoke(root, "glpi", str(export))
    assert code == 2
    assert f"glpi.csv:3: column {column!r}: {what}" in out
    assert "nothing written" in out
    assert not (root / "records").exists()


def test_unknown_column_stops_with_row_and_column(glpi_repo) -> None:
    root, export = glpi_repo
    export.write_bytes(glpi_csv([[*ROW1, "x"]], header=[*HEADER, "Couleur préférée"]))
    code, out = invoke(root, "glpi", str(export))
    assert code == 2
    assert "glpi.csv:1: column 'Couleur préférée': column not in the mapping" in out
    assert "ignore" in out


def test_a_failure_in_a_later_file_writes_nothing(glpi_repo, tmp_path: Path) -> None:
    root, export = glpi_repo
    bad = tmp_path / "bad.csv"
    bad.write_bytes(glpi_csv([[*ROW1[:4], "???", *ROW1[5:]]]))
    code, _ = invoke(root, "glpi", str(export), str(bad))
    assert code == 2
    assert not (root / "records").exists()


def test_a_file_not_written_by_the_importer_is_not_overwritten(glpi_repo) -> None:
    root, export = glpi_repo
    hand = root / "records/2026-03/incidents.yaml"
    hand.parent.mkdir(parents=True)
    hand.write_text("kind: batch\nof: incident\nschema_version: 1\nitems: []\n", encoding="utf-8")
    code, out = invoke(root, "glpi", str(export))
    assert code == 2 and "not written by `itsmkit import`" in out
    assert hand.read_text(encoding="utf-8").startswith("kind: batch")


# Time zones ------------------------------------------------------------------------------


def test_dst_gap_is_an_error_and_fold_a_warning(glpi_repo) -> None:
    root, export = glpi_repo
    gap = [*ROW1[:5], "2026-03-29 02:30", *ROW1[6:]]
    export.write_bytes(glpi_csv([gap]))
    code, out = invoke(root, "glpi", str(export))
    assert code == 2 and "does not exist in Europe/Paris" in out
    fold = [*ROW1[:5], "2026-10-25 02:30", *ROW1[6:]]
    export.write_bytes(glpi_csv([fold]))
    code, out = invoke(root, "glpi", str(export))
    assert code == 0, out
    assert "happens twice" in out and "2026-10-25T02:30:00+02:00" in out


# Other tools (synthetic exports written from their documentation) ------------------------


def test_itop_csv_and_rest_json(make_repo, tmp_path: Path) -> None:
    root = make_repo(files({"imports/itop.yaml": DEFAULTS}), config=CONFIG)
    export = tmp_path / "itop.csv"
    export.write_text(
        "ref,title,status,priority,start_date,resolution_date,org_name\n"
        "I-000012,Serveur arrêté,resolved,1,2026-04-01 08:00:00,2026-04-01 09:30:00,Beta\n"
        "R-000013,Nouveau compte,new,3,2026-04-02 10:00:00,,Beta\n",
        encoding="utf-8",
    )
    code, out = invoke(root, "itop", str(export))
    assert code == 0, out
    assert [i["source"]["ticket_id"] for i in items(root / "records/2026-04/incidents.yaml")] == [  # type: ignore[index]
        "I-000012"
    ]
    answer = {
        "objects": {
            "UserRequest::14": {
                "code": 0,
                "message": "",
                "class": "UserRequest",
                "key": "14",
                "fields": {
                    "ref": "R-000014",
                    "title": "Accès VPN",
                    "status": "pending",
                    "priority": "2",
                    "start_date": "2026-04-03 09:00:00",
                    "last_pending_date": "2026-04-03 10:00:00",
                    "sla_ttr_passed": "no",
                    "org_name": "Beta",
                },
            }
        },
        "code": 0,
        "message": "Found: 1",
    }
    rest = tmp_path / "itop.json"
    rest.write_text(json.dumps(answer), encoding="utf-8")
    code, out = invoke(root, "itop", str(rest))
    assert code == 0, out
    requests = items(root / "records/2026-04/service-requests.yaml")
    assert requests[-1]["status"] == "on-hold" and requests[-1]["pauses"][0]["end"] is None  # type: ignore[index]
    assert requests[-1]["source"]["made_sla"] is True  # type: ignore[index]  # TTR not passed
    validate_clean(root)


def test_jira_csv_with_repeated_columns(make_repo, tmp_path: Path) -> None:
    root = make_repo(files(), config=CONFIG)
    export = tmp_path / "jira.csv"
    export.write_text(
        "Summary,Issue key,Issue Type,Status,Priority,Created,Resolved,Comment,Comment,Watchers,Watchers\n"
        'VPN down,ITSM-7,[System] Incident,Resolved,Highest,03/Jan/26 10:15 PM,04/Jan/26 1:05 AM,"a, b",c,x,y\n'
        "New laptop,ITSM-8,Service Request,Waiting for customer,Medium,05/Jan/26 9:00 AM,,,,,\n",
        encoding="utf-8",
    )
    code, out = invoke(root, "jira-sm", str(export))
    assert code == 0, out
    (inc,) = items(root / "records/2026-01/incidents.yaml")
    assert inc["opened"] == dt.datetime(
        2026, 1, 3, 22, 15, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert inc["priority"] == "P1" and inc["status"] == "resolved"
    (req,) = items(root / "records/2026-01/service-requests.yaml")
    assert req["status"] == "on-hold"


def test_generic_csv_with_a_mapping_file(make_repo, tmp_path: Path) -> None:
    mapping = tmp_path / "mine.yaml"
    mapping.write_text(
        "tool: csv\ndelimiter: '|'\ndate_format: '%d.%m.%Y %H.%M'\ntime_zone: America/Sao_Paulo\n"
        "columns: {Nr: ticket_id, Thema: summary, Stufe: priority, Zustand: status, Seit: opened,"
        " Kunde: customer}\n"
        "values:\n  priority: {hoch: P2}\n  status: {offen: new}\n  customer: {B: CUST-BETA}\n"
        "defaults: {service: SVC-MAIL}\n",
        encoding="utf-8",
    )
    root = make_repo(files(), config=CONFIG)
    export = tmp_path / "other.csv"
    export.write_text(
        "Nr|Thema|Stufe|Zustand|Seit|Kunde\n7|Drucker|hoch|offen|01.02.2026 13.45|B\n",
        encoding="utf-8",
    )
    code, out = invoke(root, "csv", str(export), "--mapping", str(mapping))
    assert code == 0, out
    (inc,) = items(root / "records/2026-02/incidents.yaml")
    assert inc["opened"] == dt.datetime(
        2026, 2, 1, 13, 45, tzinfo=dt.timezone(dt.timedelta(hours=-3))
    )


def test_a_mapping_to_a_missing_artefact_is_refused(make_repo, tmp_path: Path) -> None:
    root = make_repo(
        files(
            {
                "imports/glpi.yaml": "values: {customer: {Beta: CUST-NOPE}}\n"
                "defaults: {service: SVC-MAIL}\n"
            }
        ),
        config=CONFIG,
    )
    export = tmp_path / "g.csv"
    export.write_bytes(glpi_csv([ROW1]))
    code, out = invoke(root, "glpi", str(export))
    assert code == 2 and "'CUST-NOPE', which is not a customer of the repository" in out


def test_unknown_source_and_bad_mapping_are_usage_errors(make_repo, tmp_path: Path) -> None:
    root = make_repo(files(), config=CONFIG)
    export = tmp_path / "x.csv"
    export.write_text("a\n1\n", encoding="utf-8")
    code, out = invoke(root, "remedy", str(export))
    assert code == 2 and "unknown source 'remedy'" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns: {a: colour}\n", encoding="utf-8")
    code, out = invoke(root, "csv", str(export), "--mapping", str(bad))
    assert code == 2 and "unknown field 'colour'" in out


def test_json_output_envelope(glpi_repo) -> None:
    root, export = glpi_repo
    _code, out = invoke(root, "glpi", str(export), "--format", "json")
    data = json.loads(out)
    assert data["schema"] == "itsmkit/import" and data["totals"]["added"] == 2


# The example company --------------------------------------------------------------------


def test_example_records_come_from_its_export_and_reimport_is_byte_identical(
    tmp_path: Path,
) -> None:
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE, target)
    before = snapshot(target)
    done = run_cli(
        "import",
        "glpi",
        str(target / "exports/glpi-tickets.csv"),
        "-C",
        str(target),
        "--imported-at",
        "2026-11-20T17:30:00+01:00",
    )
    assert done.returncode == 0, done.stderr
    assert "0 added, 0 changed, 753 unchanged" in done.stdout
    assert snapshot(target) == before
    # From scratch: the same files, byte for byte (ids included).
    for path in target.glob("records/2026-*/*.yaml"):
        if path.name in ("incidents.yaml", "service-requests.yaml"):
            path.unlink()
    done = run_cli(
        "import",
        "glpi",
        str(target / "exports/glpi-tickets.csv"),
        "-C",
        str(target),
        "--imported-at",
        "2026-11-20T17:30:00+01:00",
    )
    assert done.returncode == 0, done.stderr
    assert "753 added" in done.stdout
    assert snapshot(target) == before


@pytest.mark.parametrize("tool", TOOLS)
def test_each_default_mapping_loads_and_maps_to_known_fields(tool: str) -> None:
    from itsmkit.importers import engine  # noqa: F401  (importing it registers the readers)
    from itsmkit.importers.base import READERS
    from itsmkit.importers.mapping import load_mapping

    assert tool in READERS
    mapping = load_mapping(tool, None)  # enum values and field names are checked on load
    assert "ticket_id" in {f for targets in mapping.columns.values() for f in targets}
