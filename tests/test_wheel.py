"""A plain ``pip install`` of the built wheel, run from another folder, must work.

Schemas and templates live at the repository's top level and are force-included in
the wheel; this test proves they are found there and not read from the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE, REPO_ROOT

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, **kw)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and wheel, built from the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    built = _run(
        [
            sys.executable,
            "-m",
            "build",
            "--sdist",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(work / "dist"),
            str(REPO_ROOT),
        ],
        cwd=work,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return work / "dist"


@pytest.fixture(scope="module")
def installed(dist: Path) -> Path:
    work = dist.parent
    wheels = list(dist.glob("itsmkit-*.whl"))
    assert len(wheels) == 1
    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", str(venv)], cwd=work)
    assert made.returncode == 0, made.stderr
    pip = _run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheels[0])], cwd=work
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return venv


def test_wheel_and_sdist_carry_the_licence(dist: Path) -> None:
    licence = (REPO_ROOT / "LICENSE").read_bytes()
    [wheel] = dist.glob("itsmkit-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        [inside] = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert zf.read(inside) == licence
        [meta] = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = zf.read(meta).decode("utf-8")
    assert "License-Expression: MIT" in metadata
    assert "License-File: LICENSE" in metadata
    assert "Provides-Extra: docxtpl" in metadata
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert any(
        r.startswith("Requires-Dist: docxtpl") and "extra == 'docxtpl'" in r for r in requires
    )
    assert all("extra ==" in r for r in requires if r.startswith("Requires-Dist: jsonschema"))
    [sdist] = dist.glob("itsmkit-*.tar.gz")
    with tarfile.open(sdist) as tf:
        members = {m.name.split("/", 1)[1]: m for m in tf.getmembers() if "/" in m.name}
        assert "LICENSE" in members and "constraints.txt" in members
        extracted = tf.extractfile(members["LICENSE"])
        assert extracted is not None and extracted.read() == licence


def test_wheel_ships_schemas_and_templates(installed: Path, tmp_path: Path) -> None:
    code = (
        "import itsmkit.resources as r; "
        "print(r.shipped_dir('schemas')); print(r.shipped_dir('templates'))"
    )
    done = _run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    schemas, templates = (Path(line) for line in done.stdout.split())
    assert "_shipped" in schemas.parts and "_shipped" in templates.parts
    assert (schemas / "sla.schema.json").is_file()
    # the site's templates and stylesheet travel with the wheel too
    assert (templates / "site" / "home.html.j2").is_file()
    assert (templates / "site" / "style.css").is_file()
    assert str(REPO_ROOT) not in done.stdout


def test_installed_cli_validates_the_example_from_another_folder(
    installed: Path, tmp_path: Path
) -> None:
    company = tmp_path / "company"
    shutil.copytree(EXAMPLE, company)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = _run([str(installed / "bin" / "itsmkit"), "validate", str(company)], cwd=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout
    help_ = _run([str(installed / "bin" / "itsmkit"), "--help"], cwd=elsewhere)
    assert help_.returncode == 0 and "validate" in help_.stdout


def test_installed_cli_writes_word_from_the_shipped_base_package(
    installed: Path, tmp_path: Path
) -> None:
    # The Word writer starts from itsmkit/data/wordbase (dot-named _rels/.rels included).
    company = tmp_path / "company"
    shutil.copytree(EXAMPLE, company)
    out = tmp_path / "out"
    args = ["render", "sla", "SLA-CIMES-2026", "-f", "docx", "-C", str(company), "-o", str(out)]
    done = _run([str(installed / "bin" / "itsmkit"), *args], cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(out / "SLA-CIMES-2026.fr.docx") as z:
        names = z.namelist()
        assert "_rels/.rels" in names and "word/styles.xml" in names
        assert b"Heading1" in z.read("word/styles.xml")
