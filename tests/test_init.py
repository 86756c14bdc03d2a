"""``itsmkit init``: the scaffold validates, never overwrites, and sets up git and CI."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import GIT_ENV, REPO_ROOT, git, run_cli
from typer.testing import CliRunner

from itsmkit import __version__
from itsmkit.cli.app import app
from itsmkit.model.base import Document
from itsmkit.model.governance import PlanType, PolicyType, Procedure
from itsmkit.repo.loader import load_repository
from itsmkit.resources import data_dir
from itsmkit.scaffold import (
    FileState,
    GitOutcome,
    make_options,
    plan,
    render,
    scaffold,
)

HAS_GIT = shutil.which("git") is not None
# What one scaffold holds: files written, and YAML artefacts among them.
# Starter files, plus the editor files: every shipped schema, their index and
# .vscode/settings.json.
SCHEMAS = len(list((Path(__file__).resolve().parent.parent / "schemas").glob("*.json")))
FILES, ARTEFACTS = 59 + SCHEMAS + 2, 51


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def invoke(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), input=input)


def validate_json(root: Path) -> dict[str, Any]:
    result = invoke("validate", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def config_of(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(read(root / "itsmkit.yaml"))
    return data


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


# A fresh scaffold ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_fresh_scaffold_validates_with_placeholder_warnings_only(tmp_path: Path, lang: str) -> None:
    root = tmp_path / "acme"
    result = invoke("init", str(root), "--org", "Acme", "--lang", lang, "--yes")
    assert result.exit_code == 0, result.output
    assert f"Written: {FILES} files" in result.stdout
    assert "Next steps:" in result.stdout

    data = validate_json(root)
    summary = data["summary"]
    assert summary["errors"] == 0
    assert summary["warnings"] > 0
    codes = {issue["code"] for issue in data["issues"]}
    assert "placeholder" in codes
    assert codes <= {"placeholder", "contract-incomplete"}
    # a fresh contract has every field but its price, which only the company knows
    incomplete = [i for i in data["issues"] if i["code"] == "contract-incomplete"]
    assert incomplete and all("price" in i["message"] for i in incomplete)
    assert summary["artefacts"] == ARTEFACTS
    config = config_of(root)
    assert config["organisation"] == "Acme"
    assert config["language"] == lang
    assert config["standard"] == "iso20000-1:2018"


def test_subprocess_init_then_validate(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    done = run_cli("init", str(root), "--org", "Acme", "--lang", "en", "--yes")
    assert done.returncode == 0, done.stderr
    checked = run_cli("validate", str(root), "--format", "json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["summary"]["errors"] == 0
    assert (root / ".git").is_dir() == HAS_GIT


def test_subprocess_without_flags_or_terminal_takes_defaults(tmp_path: Path) -> None:
    root = tmp_path / "Nuage Services"
    root.mkdir()
    # stdin is not a terminal: no prompt may wait for an answer.
    done = subprocess.run(
        [sys.executable, "-m", "itsmkit", "init"],
        cwd=root,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **GIT_ENV},
    )
    assert done.returncode == 0, done.stderr
    config = config_of(root)
    assert config["organisation"] == "Nuage Services"
    assert config["language"] == "fr"
    assert config["standard"] == "iso20000-1:2018"
    assert "Catalogue de services de Nuage Services" in read(root / "services/catalogue.yaml")


def test_all_options_are_used(tmp_path: Path) -> None:
    root = tmp_path / "x"
    result = invoke(
        "init",
        str(root),
        "--org",
        "Octo",
        "--lang",
        "EN",
        "--standard",
        "iso20000-1:2005",
        "--no-git",
    )
    assert result.exit_code == 0, result.output
    config = config_of(root)
    assert (config["organisation"], config["language"], config["standard"]) == (
        "Octo",
        "en",
        "iso20000-1:2005",
    )
    assert "iso20000-1:2005" in (root / "governance/plans/audit-programme.yaml").read_text(
        encoding="utf-8"
    )
    assert not (root / ".git").exists()


def test_an_awkward_organisation_name_stays_valid_yaml(tmp_path: Path) -> None:
    name = 'L\'Atelier "R&D": #1 \\ [x] {y} é'
    root = tmp_path / "odd"
    result = invoke("init", str(root), "--org", name, "--lang", "fr", "--no-git")
    assert result.exit_code == 0, result.output
    assert validate_json(root)["summary"]["errors"] == 0
    config = config_of(root)
    assert config["organisation"] == name
    repo = load_repository(root)
    titles = {item.artefact.id: getattr(item.artefact, "title", None) for item in repo.artefacts}
    assert titles["CAT-SERVICES"] == f"Catalogue de services de {name}"


def test_interactive_prompts_fill_missing_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("itsmkit.cli.init._interactive", lambda yes: not yes)
    root = tmp_path / "prompted"
    result = invoke("init", str(root), "--no-git", input="Nuage SARL\nen\n\n")
    assert result.exit_code == 0, result.output
    assert "Organisation name [prompted]" in result.stdout
    config = config_of(root)
    assert (config["organisation"], config["language"], config["standard"]) == (
        "Nuage SARL",
        "en",
        "iso20000-1:2018",
    )


def test_yes_never_prompts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("itsmkit.cli.init._interactive", lambda yes: not yes)
    root = tmp_path / "quiet"
    result = invoke("init", str(root), "--yes", "--no-git")
    assert result.exit_code == 0, result.output
    assert "Organisation name" not in result.stdout
    assert config_of(root)["organisation"] == "quiet"


# Bad input -------------------------------------------------------------------------------


def test_unknown_language_is_rejected(tmp_path: Path) -> None:
    root = tmp_path / "de"
    result = invoke("init", str(root), "--lang", "de", "--yes")
    assert result.exit_code == 2
    assert "itsmkit: error: unknown language 'de'" in result.stderr
    assert "--lang fr or --lang en" in result.stderr
    assert not root.exists()


def test_unknown_standard_is_rejected(tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path / "s"), "--standard", "iso27001", "--yes")
    assert result.exit_code == 2
    assert "unknown standard 'iso27001'" in result.stderr
    assert "iso20000-1:2018" in result.stderr


def test_empty_organisation_is_rejected(tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path / "e"), "--org", "  ", "--yes")
    assert result.exit_code == 2
    assert "organisation name is empty" in result.stderr


def test_a_file_as_directory_is_rejected(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("hello", encoding="utf-8")
    result = invoke("init", str(target), "--yes", "--org", "A")
    assert result.exit_code == 2
    assert "is not a folder" in result.stderr
    assert target.read_text(encoding="utf-8") == "hello"


# Never overwrite -------------------------------------------------------------------------


def test_second_run_changes_nothing_and_reports_nothing_to_do(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    assert invoke("init", str(root), "--org", "Acme", "--lang", "en", "--yes").exit_code == 0
    before = snapshot(root)
    # No flags: the settings of the first run are the defaults of the second.
    again = invoke("init", str(root), "--yes")
    assert again.exit_code == 0, again.output
    assert f"Nothing to do: the {FILES} files of the scaffold are already in" in again.stdout
    assert snapshot(root) == before


def test_existing_different_files_are_conflicts_and_nothing_is_written(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    assert invoke("init", str(root), "--org", "Acme", "--lang", "en", "--yes").exit_code == 0
    sla = root / "agreements/sla.yaml"
    sla.write_text(sla.read_text(encoding="utf-8") + "# my edit\n", encoding="utf-8")
    (root / "governance/plans/continuity.yaml").unlink()
    before = snapshot(root)

    result = invoke("init", str(root), "--yes")
    assert result.exit_code == 2
    assert "These files exist in" in result.stderr
    assert "  agreements/sla.yaml\n" in result.stderr
    assert "refusing to overwrite 1 existing file(s): agreements/sla.yaml" in result.stderr
    assert "--force" in result.stderr
    # Stopped before writing anything: the missing plan is not recreated either.
    assert snapshot(root) == before


def test_force_overwrites_conflicts_and_keeps_other_files(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    assert invoke("init", str(root), "--org", "Acme", "--lang", "en", "--yes").exit_code == 0
    pristine = (root / "agreements/sla.yaml").read_text(encoding="utf-8")
    (root / "agreements/sla.yaml").write_text("# mine\n", encoding="utf-8")
    (root / "notes.md").write_text("keep me\n", encoding="utf-8")

    result = invoke("init", str(root), "--yes", "--force")
    assert result.exit_code == 0, result.output
    assert "1 of them overwritten (--force)" in result.stdout
    assert (root / "agreements/sla.yaml").read_text(encoding="utf-8") == pristine
    assert (root / "notes.md").read_text(encoding="utf-8") == "keep me\n"


def test_unrelated_existing_files_are_kept(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    root.mkdir()
    (root / "notes.md").write_text("our notes\n", encoding="utf-8")
    (root / "scripts").mkdir()
    (root / "scripts/export.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    result = invoke("init", str(root), "--org", "Acme", "--yes", "--no-git")
    assert result.exit_code == 0, result.output
    assert (root / "notes.md").read_text(encoding="utf-8") == "our notes\n"
    assert (root / "scripts/export.sh").read_text(encoding="utf-8") == "#!/bin/sh\n"


def test_a_folder_in_the_way_stops_even_with_force(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    (root / "README.md").mkdir(parents=True)
    result = invoke("init", str(root), "--org", "Acme", "--yes", "--force")
    assert result.exit_code == 2
    assert "is in the way" in result.stderr
    assert not (root / "itsmkit.yaml").exists()


def test_library_result_lists_states(tmp_path: Path) -> None:
    options = make_options(
        organisation="Acme", language="en", standard="iso20000-1:2018", today=dt.date(2025, 3, 4)
    )
    first = scaffold(tmp_path, options, git=False)
    assert first.conflicts == []
    assert len(first.paths(FileState.CREATED)) == FILES
    assert first.git is GitOutcome.SKIPPED
    (tmp_path / "itsmkit.yaml").write_text("organisation: Other\n", encoding="utf-8")
    second = scaffold(tmp_path, options, git=False)
    assert second.conflicts == ["itsmkit.yaml"]
    assert second.written == []
    assert len(second.paths(FileState.UNCHANGED)) == FILES - 1


# git -------------------------------------------------------------------------------------


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_git_init_happens_once(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    result = invoke("init", str(root), "--org", "Acme", "--yes")
    assert result.exit_code == 0, result.output
    assert (root / ".git").is_dir()
    assert "Initialised a git repository." in result.stdout
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "starter")
    # The CI and pre-commit files are committed; the generated .gitignore ignores none of them.
    tracked = git(root, "ls-files").splitlines()
    assert {
        ".gitignore",
        ".github/workflows/itsmkit.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        "itsmkit.yaml",
    } <= set(tracked)
    assert len(tracked) == FILES
    again = invoke("init", str(root), "--yes")
    assert again.exit_code == 0
    assert "Already in a git repository" in again.stdout


@pytest.mark.skipif(not HAS_GIT, reason="git is not installed")
def test_no_nested_repository_inside_an_existing_one(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    result = invoke("init", str(tmp_path / "sms"), "--org", "Acme", "--yes")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "sms/.git").exists()
    assert "Already in a git repository" in result.stdout


def test_missing_git_is_a_notice_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    root = tmp_path / "acme"
    result = invoke("init", str(root), "--org", "Acme", "--yes")
    assert result.exit_code == 0, result.output
    assert "Notice: git is not installed" in result.stdout
    assert not (root / ".git").exists()
    assert (root / "itsmkit.yaml").is_file()


# Content of the starters -----------------------------------------------------------------


def _template_set(lang: str) -> set[str]:
    base = data_dir("scaffold", lang)
    return {p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()}


def test_both_languages_have_the_same_starters() -> None:
    assert _template_set("fr") == _template_set("en")
    assert len(_template_set("fr")) > 40


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_starter_names_its_schema_and_every_document_is_a_draft(
    tmp_path: Path, lang: str
) -> None:
    options = make_options(organisation="Acme", language=lang, standard="iso20000-1:2018")
    scaffold(tmp_path, options, git=False)
    repo = load_repository(tmp_path)
    for item in repo.artefacts:
        first = (tmp_path / item.file).read_text(encoding="utf-8").splitlines()[0]
        # Relative to the file's own folder, into the repository's own copy of the schemas.
        up = "../" * item.file.count("/")
        schema = f"{up}.itsmkit/schemas/{item.artefact.kind}.schema.json"
        assert first == f"# yaml-language-server: $schema={schema}", item.file
        assert (tmp_path / item.file).parent.joinpath(schema).resolve().is_file()
        local = tmp_path / ".itsmkit" / "schemas" / f"{item.artefact.kind}.schema.json"
        assert local.read_text(encoding="utf-8") == (
            REPO_ROOT / "schemas" / f"{item.artefact.kind}.schema.json"
        ).read_text(encoding="utf-8")
        if isinstance(item.artefact, Document):
            assert item.artefact.status.value == "draft", item.file
            assert item.artefact.approver is None
    first = (tmp_path / "itsmkit.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=.itsmkit/schemas/itsmkit-config.schema.json"


def test_the_starters_cover_what_the_deployment_packages_ask_for(tmp_path: Path) -> None:
    options = make_options(organisation="Acme", language="en", standard="iso20000-1:2018")
    scaffold(tmp_path, options, git=False)
    repo = load_repository(tmp_path)
    kinds: dict[str, list[Any]] = {}
    for item in repo.artefacts:
        kinds.setdefault(item.artefact.kind, []).append(item.artefact)
    for kind in (
        "person",
        "customer",
        "supplier",
        "service",
        "catalogue",
        "sla",
        "uc",
        "capacity-plan",
        "service-plan",
        "quality-manual",
    ):
        assert kind in kinds, kind
    assert {r.code for r in kinds["role"]} == {"D", "RGS", "RGS/RC", "RGS/AC", "CS", "RCF"}
    assert {s.supplier_type.value for s in kinds["supplier"]} == {"FT"}
    assert {p.policy_type for p in kinds["policy"]} == {
        PolicyType.SERVICE_MANAGEMENT,
        PolicyType.INFORMATION_SECURITY,
        PolicyType.CHANGE,
        PolicyType.RELEASE,
        PolicyType.BUDGETING_ACCOUNTING,
        PolicyType.CONTINUAL_IMPROVEMENT,
    }
    assert {p.plan_type for p in kinds["plan"]} == {
        PlanType.SERVICE_MANAGEMENT,
        PlanType.CONTINUITY,
        PlanType.AVAILABILITY,
        PlanType.AUDIT_PROGRAMME,
        PlanType.RISK,
    }
    assert "budget" in kinds
    procedures: list[Procedure] = kinds["procedure"]
    named = {p.procedure_type.value for p in procedures}
    assert {"complaint", "dispute", "capacity", "internal-audit"} <= named
    per_process = {
        proc.value
        for p in procedures
        if p.procedure_type.value == "process"
        for proc in p.processes
    }
    assert per_process >= {
        "incident",
        "service-request",
        "problem",
        "change",
        "release",
        "configuration",
        "service-level",
        "service-reporting",
        "continuity-availability",
        "information-security",
        "business-relationship",
        "supplier",
        "budgeting-accounting",
        "asset",
        "demand",
        "new-changed-services",
        "knowledge",
    }
    assert "document-control" in named


def test_the_sla_lists_the_starter_service_and_the_service_is_not_live(tmp_path: Path) -> None:
    options = make_options(organisation="Acme", language="fr", standard="iso20000-1:2018")
    scaffold(tmp_path, options, git=False)
    repo = load_repository(tmp_path)
    sla = next(repo.by_kind("sla")).artefact
    service = next(repo.by_kind("service")).artefact
    assert service.id in sla.services  # type: ignore[attr-defined]
    assert service.service_status.value == "pipeline"  # type: ignore[attr-defined]


def test_records_readme_explains_batches(tmp_path: Path) -> None:
    scaffold(
        tmp_path,
        make_options(organisation="A", language="en", standard="iso20000-1:2018"),
        git=False,
    )
    text = (tmp_path / "records/README.md").read_text(encoding="utf-8")
    assert "kind: batch" in text
    assert "of: incident" in text
    assert "items:" in text


def test_render_refuses_unknown_tokens() -> None:
    options = make_options(organisation="A", language="en", standard="iso20000-1:2018")
    with pytest.raises(ValueError, match=r"\{\{nope\}\}"):
        render("x: {{nope}}\n", options, yaml=True)


def test_plan_has_no_leftover_tokens_and_yaml_parses() -> None:
    for lang in ("fr", "en"):
        options = make_options(organisation="Acme", language=lang, standard="iso20000-1:2011")
        for planned in plan(options):
            assert "{{" not in planned.text, planned.path
            if planned.path.endswith((".yaml", ".yml")):
                assert isinstance(yaml.safe_load(planned.text), (dict, list)), planned.path


# CI and pre-commit -----------------------------------------------------------------------


def test_ci_and_pre_commit_files(tmp_path: Path) -> None:
    scaffold(
        tmp_path,
        make_options(organisation="A", language="en", standard="iso20000-1:2018"),
        git=False,
    )
    # Both CI jobs install the version that scaffolded them, named once at the top.
    spec = f"itsmkit=={__version__}"
    workflow = yaml.safe_load(read(tmp_path / ".github/workflows/itsmkit.yml"))
    assert workflow["env"] == {"ITSMKIT_SPEC": spec}
    runs = [step.get("run", "") for step in workflow["jobs"]["validate"]["steps"]]
    assert runs[-2:] == [
        'python -m pip install "$ITSMKIT_SPEC"',
        "itsmkit validate --format github",
    ]

    gitlab = yaml.safe_load((tmp_path / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["variables"] == {"ITSMKIT_SPEC": spec}
    job = gitlab["itsmkit-validate"]
    assert job["script"] == [
        'python -m pip install "$ITSMKIT_SPEC"',
        "itsmkit validate --format junit -o itsmkit-junit.xml",
    ]
    assert job["artifacts"]["reports"]["junit"] == "itsmkit-junit.xml"

    # pre-commit: a local hook, nothing to clone (run for real in test_clients_ci.py).
    pre_commit = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = pre_commit["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "itsmkit-validate",
        "itsmkit validate --changed",
        "system",
    )


def test_this_project_ships_the_pre_commit_hook() -> None:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "itsmkit-validate"]
    assert hook["entry"] == "itsmkit validate --changed"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    assert pattern.search("agreements/sla.yaml")
    assert pattern.search(".gitlab-ci.yml")
    assert not pattern.search("README.md")
