"""Published JSON Schemas: in sync with the models, valid, resolvable, and in agreement.

Agreement is tested from both sides on the same YAML text: broken artefacts are rejected
by the schemas *and* by the models (the loader behind ``itsmkit validate``), valid ones
accepted by both.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.config import CONFIG_FILE, Limits
from itsmkit.issues import Severity
from itsmkit.repo.files import find_files
from itsmkit.repo.loader import Repository, load_file
from itsmkit.repo.yamlread import read
from itsmkit.schemagen import all_schemas, render

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
EXAMPLES = REPO / "examples"
COMBINED = "itsmkit.schema.json"
CONFIG_SCHEMA = "itsmkit-config.schema.json"

runner = CliRunner()


# In sync -------------------------------------------------------------------------------


def test_checked_in_schemas_are_up_to_date() -> None:
    result = runner.invoke(app, ["schema", "--check", "-o", str(SCHEMAS)])
    assert result.exit_code == 0, f"run `itsmkit schema --force -o schemas`:\n{result.output}"


def test_schema_check_notices_drift(tmp_path: Path) -> None:
    target = tmp_path / "schemas"
    assert runner.invoke(app, ["schema", "-o", str(target)]).exit_code == 0
    assert runner.invoke(app, ["schema", "--check", "-o", str(target)]).exit_code == 0
    (target / "sla.schema.json").write_text("{}\n", encoding="utf-8")
    (target / "old.schema.json").write_text("{}\n", encoding="utf-8")
    result = runner.invoke(app, ["schema", "--check", "-o", str(target)])
    assert result.exit_code == 1
    assert "sla.schema.json" in result.stdout
    assert "old.schema.json" in result.stdout


def test_schema_files_are_exactly_the_generated_set() -> None:
    on_disk = sorted(p.name for p in SCHEMAS.glob("*.json"))
    assert on_disk == sorted(all_schemas())


# Valid and resolvable ------------------------------------------------------------------


@cache
def _published() -> dict[str, dict[str, Any]]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json")}


@cache
def _registry() -> Registry[Any]:
    resources = [
        # No "$id": a schema is known by its file name, and its relative "$ref"s resolve
        # to the files beside it, as in an editor or check-jsonschema reading the folder.
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in _published().items()
    ]
    return Registry().with_resources(resources)


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        _published()[name],
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_each_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = _published()[name]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in schema
    assert render(schema) == (SCHEMAS / name).read_text(encoding="utf-8")


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_every_ref_resolves_locally(name: str) -> None:
    # Resolving through the registry never goes to the network: unknown URIs raise.
    schema = _published()[name]
    resolver = _registry().resolver(base_uri=name)
    refs = sorted(set(_refs(schema)))
    for ref in refs:
        resolved = resolver.lookup(ref).contents
        assert isinstance(resolved, dict), ref


def test_combined_schema_dispatches_to_every_kind() -> None:
    combined = _published()[COMBINED]
    targets = {branch["then"]["$ref"] for branch in combined["allOf"]}
    expected = {n for n in all_schemas() if n not in (COMBINED, CONFIG_SCHEMA)}
    assert targets == expected


# Agreement: schemas and models judge the same text alike ---------------------------------


def _yaml(text: str) -> Any:
    result = read(textwrap.dedent(text).encode("utf-8"))
    assert result.problems == [], result.problems
    return result.data


def _schema_errors(data: Any, name: str = COMBINED) -> list[str]:
    return [error.message for error in _validator(name).iter_errors(data)]


def _model_codes(text: str) -> list[str]:
    """Codes of the errors the loader (pydantic models and batch checks) reports."""
    repo = Repository(root=REPO, config=None)
    load_file("artefact.yaml", textwrap.dedent(text).encode("utf-8"), Limits(), repo)
    return [i.code for i in repo.issues if i.severity is Severity.ERROR]


PERSON = """\
kind: person
id: P-ALICE
schema_version: 1
name: Alice Martin
"""

VALID: dict[str, str] = {
    "person": PERSON,
    "customer": """\
        kind: customer
        id: CUST-BETA
        schema_version: 1
        name: Beta SA
        """,
    "supplier": """\
        kind: supplier
        id: SUP-DC
        schema_version: 1
        name: Alp DC
        supplier_type: F
        """,
    "role": """\
        kind: role
        id: ROLE-RGS
        schema_version: 1
        code: RGS/RC
        name: {fr: Responsable de la gestion des services, en: Service manager}
        """,
    "policy": """\
        kind: policy
        id: POL-SMS
        schema_version: 1
        title: Service management policy
        version: "1.0"
        status: draft
        owner: P-ALICE
        policy_type: service-management
        statement: We run our services well.
        """,
    "service": """\
        kind: service
        id: SVC-MAIL
        schema_version: 1
        title: Managed e-mail
        version: "1.2"
        status: draft
        owner: P-ALICE
        code: MAIL
        name: E-mail
        service_status: pipeline
        description: Hosted mailboxes.
        service_owner: P-ALICE
        costs:
          - item: Licences
            cost: {amount: "1200.50", currency: EUR}
            recurrence: yearly
          - item: {fr: Stockage, en: Storage}
            cost: {amount: 30}
        """,
    "sla": """\
        kind: sla
        id: SLA-BETA
        schema_version: 1
        title: {fr: Accord de niveau de service, en: Service level agreement}
        version: "2"
        status: draft
        owner: P-ALICE
        services: [SVC-MAIL]
        targets:
          availability: 99.5
          per_priority:
            - {priority: P1, response: 30min, resolution: 4h}
            - {priority: P2, response: PT1H, resolution: 1d 2h}
        """,
    "incident": """\
        kind: incident
        id: INC-1
        schema_version: 1
        summary: Mail down
        service: SVC-MAIL
        customer: CUST-BETA
        priority: P1
        status: closed
        opened: 2025-03-04T08:12:00+01:00
        closed: 2025-03-04T11:00:00+01:00
        """,
    "training-record": """\
        kind: training-record
        id: TR-1
        schema_version: 1
        person: P-ALICE
        course: ITIL 4 Foundation
        completed_on: 2025-02-28
        """,
    "batch": """\
        kind: batch
        of: incident
        schema_version: 1
        items:
          - id: INC-2
            summary: {fr: Messagerie lente, en: Slow webmail}
            service: SVC-MAIL
            customer: CUST-BETA
            priority: P3
            status: new
            opened: 2025-03-05T08:12:00+01:00
          - id: INC-3
            kind: incident
            schema_version: 1
            summary: Bounce
            service: SVC-MAIL
            customer: CUST-BETA
            priority: P5
            status: new
            opened: 2025-03-06T08:12:00+01:00
        """,
}


@pytest.mark.parametrize("kind", sorted(VALID))
def test_valid_artefacts_are_accepted_by_both(kind: str) -> None:
    text = VALID[kind]
    assert _model_codes(text) == []
    assert _schema_errors(_yaml(text)) == []


def test_valid_configuration_is_accepted_by_both() -> None:
    from itsmkit.config import Config

    data = _yaml(
        """\
        organisation: Acme
        language: en
        scope: Hosting services for small businesses.
        limits: {max_depth: 32}
        exclude: [drafts/*]
        """
    )
    Config.model_validate(data)
    assert _schema_errors(data, CONFIG_SCHEMA) == []
    bad = {**data, "langauge": "fr"}
    assert _schema_errors(bad, CONFIG_SCHEMA) != []
    with pytest.raises(ValueError):
        Config.model_validate(bad)


def _swap(text: str, old: str, new: str) -> str:
    text = textwrap.dedent(text)
    assert old in text, old
    return text.replace(old, new, 1)


# (case, artefact text, the code the models report)
BROKEN: list[tuple[str, str, str]] = [
    ("unknown key", PERSON + "emial: alice@example.org\n", "schema-unknown-key"),
    (
        "unknown nested key",
        _swap(VALID["service"], "recurrence: yearly", "recurrance: yearly"),
        "schema-unknown-key",
    ),
    ("missing required key", _swap(VALID["customer"], "name: Beta SA\n", ""), "schema-missing-key"),
    (
        "bad enum value",
        _swap(VALID["policy"], "status: draft", "status: published"),
        "schema-value",
    ),
    (
        "bad enum in a code list",
        _swap(VALID["supplier"], "supplier_type: F", "supplier_type: X"),
        "schema-value",
    ),
    ("id not matching the pattern", _swap(PERSON, "id: P-ALICE", "id: 1-alice smith"), "id-format"),
    ("id too long", _swap(PERSON, "id: P-ALICE", "id: P" + "x" * 80), "id-format"),
    (
        "list where a string is expected",
        _swap(PERSON, "name: Alice Martin", "name: [Alice, Martin]"),
        "schema-value",
    ),
    (
        "mapping where a list is expected",
        _swap(VALID["service"], "costs:", "benefits: {a: b}\ncosts:"),
        "schema-value",
    ),
    (
        "empty required string",
        _swap(VALID["customer"], "name: Beta SA", 'name: ""'),
        "schema-value",
    ),
    (
        "unknown language in localised text",
        _swap(VALID["role"], "en: Service manager", "de: Service manager"),
        "schema-unknown-key",
    ),
    (
        "pattern-checked string",
        _swap(VALID["incident"], "priority: P1", "priority: P7"),
        "schema-value",
    ),
    (
        "date that does not exist",
        _swap(VALID["training-record"], "completed_on: 2025-02-28", "completed_on: 2025-02-30"),
        "schema-value",
    ),
    (
        # Without an offset a timestamp takes the repository's time_zone; without its
        # time it is a date, which neither accepts.
        "timestamp without its time",
        _swap(VALID["incident"], "opened: 2025-03-04T08:12:00+01:00", "opened: 2025-03-04"),
        "schema-value",
    ),
    (
        "timestamp that is not one",
        _swap(VALID["incident"], "opened: 2025", "opened: yesterday 2025"),
        "schema-value",
    ),
    (
        "date in another form",
        _swap(VALID["training-record"], "completed_on: 2025-02-28", "completed_on: 28/02/2025"),
        "schema-value",
    ),
    ("empty duration", _swap(VALID["sla"], "response: 30min", 'response: ""'), "schema-value"),
    (
        "duration with no amount",
        _swap(VALID["sla"], "response: PT1H", "response: PT"),
        "schema-value",
    ),
    (
        "duration in unknown units",
        _swap(VALID["sla"], "resolution: 4h", "resolution: 4 hours"),
        "schema-value",
    ),
    (
        "percentage over 100",
        _swap(VALID["sla"], "availability: 99.5", "availability: 100.5"),
        "schema-value",
    ),
    (
        "version not dotted numbers",
        _swap(VALID["policy"], 'version: "1.0"', "version: v1"),
        "schema-value",
    ),
    (
        "currency not an ISO code",
        _swap(VALID["service"], "currency: EUR", "currency: euros"),
        "schema-value",
    ),
    ("negative amount given as text", _swap(VALID["service"], '"1200.50"', '"-5"'), "schema-value"),
    ("amount that is not a number", _swap(VALID["service"], '"1200.50"', "lots"), "schema-value"),
    (
        "unsupported schema_version",
        _swap(PERSON, "schema_version: 1", "schema_version: 2"),
        "schema-version",
    ),
    ("no kind", _swap(PERSON, "kind: person\n", ""), "kind-missing"),
    ("unknown kind", _swap(PERSON, "kind: person", "kind: persn"), "kind-unknown"),
    ("batch with unknown of", _swap(VALID["batch"], "of: incident", "of: meeting"), "batch-kind"),
    (
        "batch of a kind that is not batchable",
        _swap(VALID["batch"], "of: incident", "of: policy"),
        "batch-kind",
    ),
    (
        "batch item of another kind",
        _swap(VALID["batch"], "kind: incident", "kind: problem"),
        "batch-kind",
    ),
    (
        "batch with an unknown key",
        _swap(VALID["batch"], "of: incident", "of: incident\nmonth: 3"),
        "schema-unknown-key",
    ),
    (
        "batch item with an unknown key",
        _swap(VALID["batch"], "priority: P3", "priority: P3\n    sla: X"),
        "schema-unknown-key",
    ),
    (
        "batch item missing a key",
        _swap(VALID["batch"], "    priority: P3\n", ""),
        "schema-missing-key",
    ),
    (
        "batch item with a bad localised text",
        _swap(VALID["batch"], "en: Slow webmail", "it: Slow webmail"),
        "schema-unknown-key",
    ),
]


@pytest.mark.parametrize(("case", "text", "code"), BROKEN, ids=[c for c, _, _ in BROKEN])
def test_broken_artefacts_are_rejected_by_both(case: str, text: str, code: str) -> None:
    assert code in _model_codes(text), case
    assert _schema_errors(_yaml(text)) != [], f"the schemas accept: {case}"


def test_the_broken_set_covers_the_required_cases() -> None:
    cases = " / ".join(case for case, _, _ in BROKEN)
    for required in (
        "unknown key",
        "missing required key",
        "bad enum value",
        "id not matching",
        "list where a string",
        "batch with unknown of",
    ):
        assert required in cases


# Examples ------------------------------------------------------------------------------


def _example_files() -> list[Path]:
    """Every artefact file of every example company, and its itsmkit.yaml.

    A company is a folder under examples/ holding itsmkit.yaml; its artefact files are
    the ones itsmkit itself reads (hidden and excluded paths left out).
    """
    if not EXAMPLES.is_dir():
        return []
    files: list[Path] = []
    for config in sorted(EXAMPLES.rglob(CONFIG_FILE)):
        root = config.parent
        data = read(config.read_bytes()).data
        exclude = data.get("exclude", []) if isinstance(data, dict) else []
        files.append(config)
        files.extend(root / rel for rel in find_files(root, exclude).files)
    return files


EXAMPLE_FILES = _example_files()


def test_examples_hold_artefacts() -> None:
    if not EXAMPLE_FILES:
        pytest.skip(f"no example company (a folder with {CONFIG_FILE}) under {EXAMPLES} yet")
    assert any(p.name != CONFIG_FILE for p in EXAMPLE_FILES)


@pytest.mark.parametrize(
    "path",
    EXAMPLE_FILES
    or [pytest.param(None, marks=pytest.mark.skip(reason=f"no example company under {EXAMPLES}"))],
    ids=lambda p: p.relative_to(EXAMPLES).as_posix() if isinstance(p, Path) else "none",
)
def test_example_file_matches_the_schemas(path: Path) -> None:
    result = read(path.read_bytes())
    assert result.problems == [], result.problems
    name = CONFIG_SCHEMA if path.name == CONFIG_FILE else COMBINED
    errors = [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in _validator(name).iter_errors(result.data)
    ]
    assert errors == []


def test_schema_never_replaces_a_differing_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "schemas"
    assert runner.invoke(app, ["schema", "-o", str(target)]).exit_code == 0
    again = runner.invoke(app, ["schema", "-o", str(target)])
    assert again.exit_code == 0  # identical files: nothing to do
    assert "0 schema file(s) written" in again.output
    (target / "sla.schema.json").write_text("{}\n", encoding="utf-8")
    refused = runner.invoke(app, ["schema", "-o", str(target)])
    assert refused.exit_code == 2
    assert "refusing to overwrite 1 existing file(s)" in refused.output
    assert (target / "sla.schema.json").read_text(encoding="utf-8") == "{}\n"
    forced = runner.invoke(app, ["schema", "-o", str(target), "--force"])
    assert forced.exit_code == 0
    assert "1 schema file(s) written" in forced.output
    assert runner.invoke(app, ["schema", "--check", "-o", str(target)]).exit_code == 0
