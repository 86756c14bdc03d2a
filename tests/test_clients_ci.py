"""pre-commit and CI, with the real tools: pre-commit (PyPI) and check-jsonschema.

pre-commit runs the scaffolded hook in a temporary git repository with no network
(proxies point at a closed port): it passes on a fresh scaffold and fails on a broken
file. ``pre-commit try-repo`` runs this project's own ``.pre-commit-hooks.yaml`` from a
temporary git copy of the project. The scaffolded GitHub and GitLab jobs validate
against the vendors' schemas that check-jsonschema ships.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import GIT_ENV, REPO_ROOT, git
from tests.realclients import need, python_tool

from itsmkit import __version__
from itsmkit.scaffold import make_options, scaffold

need_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
# Any attempt to reach the network fails fast: nothing may be cloned or downloaded.
OFFLINE = {
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "PIP_NO_INDEX": "1",
}


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)  # where this venv's itsmkit is
    return {
        **os.environ,
        **GIT_ENV,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "NO_COLOR": "1",
        **extra,
    }


def _company(tmp_path: Path) -> Path:
    root = tmp_path / "acme"
    options = make_options(organisation="Acme", language="en", standard="iso20000-1:2018")
    result = scaffold(root, options, git=True)
    need(result.git.value == "initialised", "git")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "starter")
    return root


def _break(root: Path) -> None:
    sla = root / "agreements" / "sla.yaml"
    sla.write_text(sla.read_text(encoding="utf-8") + "colour_of_the_day: blue\n", encoding="utf-8")
    git(root, "add", "-A")


@need_git
def test_scaffolded_pre_commit_passes_offline_then_fails_on_a_broken_file(tmp_path: Path) -> None:
    pre_commit = python_tool("pre-commit")
    root = _company(tmp_path)
    env = _env(tmp_path, **OFFLINE)
    run = [pre_commit, "run", "--all-files"]
    ok = subprocess.run(run, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "itsmkit validate" in ok.stdout
    assert "Passed" in ok.stdout

    _break(root)
    bad = subprocess.run(run, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "agreements/sla.yaml:" in bad.stdout
    assert "colour_of_the_day" in bad.stdout


def _project_copy(tmp_path: Path) -> Path:
    """A git repository holding this project's working tree, hook file committed."""
    copy = tmp_path / "itsmkit-project"
    copy.mkdir()
    for name in ("src", "schemas", "templates"):
        shutil.copytree(
            REPO_ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE"):
        if (REPO_ROOT / name).is_file():
            shutil.copy2(REPO_ROOT / name, copy / name)
    subprocess.run(["git", "init", "-q", str(copy)], check=True, env={**os.environ, **GIT_ENV})
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "project")
    return copy


@need_git
@pytest.mark.slow
def test_this_projects_hook_works_with_pre_commit_try_repo(tmp_path: Path) -> None:
    # pre-commit builds the hook's own virtualenv from the copy (pip may use the index:
    # that is how the hook installs for a user too).
    pre_commit = python_tool("pre-commit")
    project = _project_copy(tmp_path)
    root = _company(tmp_path)
    env = _env(tmp_path, PIP_DISABLE_PIP_VERSION_CHECK="1")
    run = [pre_commit, "try-repo", str(project), "itsmkit-validate", "--all-files"]
    ok = subprocess.run(run, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "itsmkit validate" in ok.stdout and "Passed" in ok.stdout

    _break(root)
    bad = subprocess.run(run, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "colour_of_the_day" in bad.stdout


@pytest.mark.parametrize(
    ("path", "builtin"),
    [
        (".github/workflows/itsmkit.yml", "vendor.github-workflows"),
        (".gitlab-ci.yml", "vendor.gitlab-ci"),
        (".pre-commit-config.yaml", None),
    ],
)
def test_scaffolded_ci_files_pass_their_vendors_schemas(
    tmp_path: Path, path: str, builtin: str | None
) -> None:
    check = python_tool("check-jsonschema")
    options = make_options(organisation="Acme", language="en", standard="iso20000-1:2018")
    scaffold(tmp_path, options, git=False)
    text = (tmp_path / path).read_text(encoding="utf-8")
    assert text.count(f'"itsmkit=={__version__}"') == (0 if builtin is None else 1)
    if builtin is None:  # pre-commit's own check of its config file
        done = subprocess.run(
            [python_tool("pre-commit"), "validate-config", path],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    else:
        done = subprocess.run(
            [check, "--builtin-schema", builtin, str(tmp_path / path)],
            capture_output=True,
            text=True,
            env={**os.environ, **OFFLINE},
            timeout=120,
        )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_wrong_ci_file_fails_the_vendor_schema(tmp_path: Path) -> None:
    # The check above can fail: a job without runs-on or steps is refused.
    check = python_tool("check-jsonschema")
    broken = tmp_path / "wf.yml"
    broken.write_text("on: push\njobs:\n  validate:\n    step: []\n", encoding="utf-8")
    done = subprocess.run(
        [check, "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
        env={**os.environ, **OFFLINE},
        timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
