"""Start-up stays light: the CLI imports no heavy library until a command needs it.

A structural test, not a timing one: it fails when a module-level import in the CLI
drags in pydantic, YAML, Jinja, rich... (see benchmarks/bench_startup.py for timings).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Top-level packages (and itsmkit modules) that `itsmkit --help` must not import.
HEAVY = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "jinja2",
    "ruamel",
    "jsonschema",
    "referencing",
    "docx",
    "rich",
    "markdown_it",
    "itsmkit.model",
    "itsmkit.validator",
    "itsmkit.repo",
    "itsmkit.rules",
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "alpes-hebergement"

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(body: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body)],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_probe_sees_heavy_imports() -> None:
    # The probe itself must be able to fail: importing the loader pulls in pydantic (the
    # validator no longer does: a warm incremental validate builds no artefact model).
    assert "pydantic" in _heavy(_modules_after("import itsmkit.repo.loader"))


def test_importing_the_app_imports_nothing_heavy() -> None:
    modules = _modules_after("import itsmkit.cli.app")
    assert "itsmkit.cli.app" in modules
    assert _heavy(modules) == []


def _run_app(argv: list[str]) -> str:
    return (
        "from itsmkit.cli.app import app\n"
        f"sys.argv = ['itsmkit', *{argv!r}]\n"
        "try:\n"
        "    app(prog_name='itsmkit')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
    )


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_root_help_imports_nothing_heavy(argv: list[str]) -> None:
    assert _heavy(_modules_after(_run_app(argv))) == []


def test_command_help_imports_only_what_typer_needs() -> None:
    # typer 0.29 coerces parameter values with pydantic TypeAdapters as soon as a group
    # hands over to a sub-command, so pydantic is typer's cost there, not ours.
    modules = _modules_after(_run_app(["validate", "--help"]))
    ours = [m for m in _heavy(modules) if not m.startswith("pydantic")]
    assert ours == []


def test_models_are_built_from_real_annotations() -> None:
    # With `from __future__ import annotations` every field's annotation is a string that
    # pydantic compiles and evaluates when the class is built: ~15 ms of every command
    # that builds the models (benchmarks/bench_render.py). The modules defining models
    # (and the configuration) keep real annotations.
    import ast
    from pathlib import Path

    import itsmkit

    src = Path(itsmkit.__file__).parent
    modules = [*sorted((src / "model").glob("*.py")), src / "config.py"]
    defining = []
    for path in modules:
        text = path.read_text(encoding="utf-8")
        if "from pydantic import" not in text:
            continue  # no model built here
        tree = ast.parse(text)
        defining.append(path.name)
        future = [
            n
            for n in tree.body
            if isinstance(n, ast.ImportFrom)
            and n.module == "__future__"
            and any(a.name == "annotations" for a in n.names)
        ]
        assert not future, f"{path.name} builds models from string annotations"
    assert {"base.py", "agreement.py", "config.py"} <= set(defining)


def test_a_warm_load_starts_no_worker_machinery(example_copy: Path) -> None:
    # Nothing to parse: the pool's multiprocessing import (~5 ms) is not paid.
    body = (
        "from pathlib import Path\n"
        "from itsmkit.repo.loader import load_repository\n"
        f"load_repository(Path({str(example_copy)!r}), cache=True)\n"
    )
    first = _modules_after(body)  # cold: fills the cache (and may use workers)
    assert "itsmkit.repo.pool" in first
    warm = _modules_after(body)
    assert "itsmkit.repo.cache" in warm
    assert not any(m == "multiprocessing" or m.startswith("multiprocessing.") for m in warm)


def test_rendering_word_does_not_import_python_docx(tmp_path: Path) -> None:
    # The built-in Word writer writes WordprocessingML itself (issue 18): python-docx is
    # for company docxtpl templates only. The probe must be able to fail: a docxtpl path
    # or a stray import would show up here.
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo)
    out = tmp_path / "out"
    argv = ["render", "sla", "SLA-CIMES-2026", "-f", "docx", "-C", str(repo), "-o", str(out)]
    modules = _modules_after(_run_app(argv))
    assert (out / "SLA-CIMES-2026.fr.docx").is_file()
    assert "itsmkit.render.docx_writer" in modules
    assert not [m for m in modules if m == "docx" or m.startswith(("docx.", "xml.sax", "lxml"))]


def test_the_cli_accepts_the_languages_the_models_know() -> None:
    from itsmkit.cli.options import LANGS
    from itsmkit.model.types import LANGS as MODEL_LANGS

    assert LANGS == MODEL_LANGS
