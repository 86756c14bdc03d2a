"""Issue 14: a progress bar for `render all` and `import` on a terminal; nothing otherwise."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE, GIT_ENV
from tests.test_import import (
    CONFIG,
    GLPI_MAP,
    HEADER,
    SAMPLES,
    STAMP,
    files,
    glpi_csv,
    needs_samples,
)
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.cli.progress import MINIMUM_FILES

runner = CliRunner()


def on_a_terminal(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run itsmkit with standard error on a pseudo-terminal: (exit code, stdout, terminal)."""
    env = {**os.environ, **GIT_ENV, "TERM": "xterm-256color", "COLUMNS": "100"}
    for name in ("ITSMKIT_PROGRESS", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(name, None)
    master, slave = pty.openpty()
    with tempfile.TemporaryFile() as stdout:
        proc = subprocess.Popen(
            [sys.executable, "-m", "itsmkit", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=slave,
        )
        os.close(slave)
        seen = bytearray()
        while True:
            ready, _, _ = select.select([master], [], [], 120)
            if not ready:
                proc.kill()
                pytest.fail("no output on the terminal for 120 s")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        os.close(master)
        code = proc.wait(timeout=120)
        stdout.seek(0)
        return code, stdout.read().decode("utf-8"), seen.decode("utf-8", "replace")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root)
    return root


# render all -------------------------------------------------------------------------------


def test_render_all_shows_nothing_extra_when_not_a_terminal(example: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ITSMKIT_PROGRESS", raising=False)
    result = runner.invoke(app, ["render", "all", "-f", "md", "-C", str(example)])
    assert result.exit_code == 0, result.output
    assert "rendering" not in result.stderr
    assert "\x1b[" not in result.stderr and "\x1b[" not in result.stdout
    assert "index.md" in result.stdout


def test_render_all_forced_bar_is_on_stderr_and_stdout_is_the_same(
    example: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ITSMKIT_PROGRESS", raising=False)
    quiet = runner.invoke(app, ["render", "all", "-f", "md", "-C", str(example)])
    monkeypatch.setenv("ITSMKIT_PROGRESS", "always")
    other = tmp_path / "other"
    shutil.copytree(EXAMPLE, other)
    loud = runner.invoke(app, ["render", "all", "-f", "md", "-C", str(other)])
    assert loud.exit_code == quiet.exit_code == 0
    assert "rendering" in loud.stderr
    assert "72/72" in loud.stderr  # every renderable artefact of the example, counted
    assert loud.stdout.replace(str(other), str(example)) == quiet.stdout


def test_render_all_on_a_real_terminal_draws_the_bar(example: Path) -> None:
    code, stdout, terminal = on_a_terminal("render", "all", "-f", "md", "-C", str(example))
    assert code == 0, stdout + terminal
    assert "rendering" in terminal
    assert "/72" in terminal
    assert "rendering" not in stdout and "index.md" in stdout


def test_render_of_one_document_never_draws_a_bar(example: Path) -> None:
    code, stdout, terminal = on_a_terminal("render", "sla", "SLA-CIMES-2026", "-C", str(example))
    assert code == 0, stdout + terminal
    assert "SLA-CIMES-2026.fr.md" in stdout
    assert "rendering" not in terminal, terminal


# render all: its reading and PDF phases --------------------------------------------------

FAKE_SOFFICE = """\
#!{python}
# Stands in for LibreOffice: writes one PDF after another into --outdir, as soffice does.
import sys, time
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
for name in (a for a in args if a.endswith(".docx")):
    time.sleep(0.05)
    (out / (name[: -len(".docx")] + ".pdf")).write_bytes(b"%PDF-1.4 fake " + name.encode())
"""


@pytest.fixture
def fake_soffice(tmp_path: Path) -> Path:
    program = tmp_path / "soffice"
    program.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    program.chmod(0o755)
    return program


def _phases(stderr: str) -> list[str]:
    """The phases whose bar was drawn, in order of their first appearance."""
    seen = re.findall(r"(reading files|rendering|converting to PDF)", stderr)
    return list(dict.fromkeys(seen))


def test_render_all_forced_shows_each_phase_in_turn(
    example: Path, fake_soffice: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    shutil.rmtree(example / ".itsmkit", ignore_errors=True)  # a first run: every file is read
    monkeypatch.setenv("ITSMKIT_SOFFICE", str(fake_soffice))
    monkeypatch.setenv("ITSMKIT_PROGRESS", "always")
    args = ["render", "all", "-f", "md", "-f", "pdf", "-C", str(example)]
    loud = runner.invoke(app, args)
    assert loud.exit_code == 0, loud.output
    assert _phases(loud.stderr) == ["reading files", "rendering", "converting to PDF"]
    reading = re.findall(r"(\d+)/(\d+)", loud.stderr.split("rendering", 1)[0])
    assert reading[0][0] == "0" and reading[-1][0] == reading[-1][1]  # from none to every file
    pdfs = loud.stdout.count(".pdf")
    assert pdfs == 72 and f"{pdfs}/{pdfs}" in loud.stderr.split("converting to PDF", 1)[1]
    # A second run reads every file from the cache: nothing to watch, no reading bar.
    again = runner.invoke(app, [*args, "--force"])
    assert again.exit_code == 0, again.output
    assert _phases(again.stderr) == ["rendering", "converting to PDF"]
    paths = [line.split()[-1] for line in loud.stdout.splitlines()]
    assert [line.split()[-1] for line in again.stdout.splitlines()] == paths  # stdout: the files


def test_render_all_to_pdf_on_a_real_terminal_shows_the_conversion(
    example: Path, fake_soffice: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ITSMKIT_SOFFICE", str(fake_soffice))
    code, stdout, terminal = on_a_terminal("render", "all", "-f", "pdf", "-C", str(example))
    assert code == 0, stdout + terminal
    assert "converting to PDF" in terminal and "/72" in terminal
    assert "converting" not in stdout and stdout.count(".pdf") == 72


def test_render_all_of_a_large_repository_on_a_real_terminal_shows_the_reading(
    example: Path,
) -> None:
    shutil.rmtree(example / ".itsmkit", ignore_errors=True)
    people = example / "people-many"
    people.mkdir()
    for n in range(MINIMUM_FILES):
        (people / f"p{n:04d}.yaml").write_text(
            f"kind: person\nid: P-MANY-{n:04d}\nschema_version: 1\nname: Person {n}\n",
            encoding="utf-8",
        )
    code, stdout, terminal = on_a_terminal("render", "all", "-f", "md", "-C", str(example))
    assert code == 0, stdout + terminal
    assert _phases(terminal) == ["reading files", "rendering"]
    assert "reading files" not in stdout and "index.md" in stdout


# import -----------------------------------------------------------------------------------


def _rows(count: int) -> list[list[str]]:
    return [
        [
            str(10_000 + n),
            f"Ticket {n}",
            "Incident",
            "Clos",
            "Moyenne",
            f"2026-03-{1 + n % 28:02d} 09:{n % 60:02d}",
            f"2026-03-{1 + n % 28:02d} 11:{n % 60:02d}",
            "Beta",
            "Mail",
        ]
        for n in range(count)
    ]


@pytest.fixture
def glpi(make_repo, tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(rows: int) -> tuple[Path, Path]:
        root: Path = make_repo(files({"imports/glpi.yaml": GLPI_MAP}), config=CONFIG)
        export = tmp_path / f"glpi-{rows}.csv"
        export.write_bytes(glpi_csv(_rows(rows), HEADER))
        return root, export

    return make


def test_import_shows_nothing_extra_when_not_a_terminal(glpi, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ITSMKIT_PROGRESS", raising=False)
    root, export = glpi(3000)
    args = ["import", "glpi", str(export), "-C", str(root), "--imported-at", STAMP, "--dry-run"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "3000" in result.stdout


def test_import_forced_bar_counts_the_export_rows(glpi, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root, export = glpi(3000)
    args = ["import", "glpi", str(export), "-C", str(root), "--imported-at", STAMP, "--dry-run"]
    monkeypatch.delenv("ITSMKIT_PROGRESS", raising=False)
    quiet = runner.invoke(app, args)
    monkeypatch.setenv("ITSMKIT_PROGRESS", "always")
    loud = runner.invoke(app, args)
    assert loud.exit_code == quiet.exit_code == 0
    assert "reading export" in loud.stderr
    assert "/3001" in loud.stderr  # the header line and 3,000 rows
    assert loud.stdout == quiet.stdout


def test_import_of_a_large_export_on_a_real_terminal_draws_the_bar(glpi) -> None:  # type: ignore[no-untyped-def]
    root, export = glpi(12_000)
    code, stdout, terminal = on_a_terminal(
        "import", "glpi", str(export), "-C", str(root), "--imported-at", STAMP, "--dry-run"
    )
    assert code == 0, stdout + terminal
    assert "reading export" in terminal
    assert "/12001" in terminal
    assert "reading export" not in stdout


def test_import_of_a_small_export_on_a_real_terminal_stays_quiet(glpi) -> None:  # type: ignore[no-untyped-def]
    root, export = glpi(50)
    code, stdout, terminal = on_a_terminal(
        "import", "glpi", str(export), "-C", str(root), "--imported-at", STAMP, "--dry-run"
    )
    assert code == 0, stdout + terminal
    assert "reading export" not in terminal


@needs_samples
def test_import_of_a_json_export_counts_its_records_not_its_lines(
    make_repo, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A pretty-printed JSON export has dozens of lines a record: the bar counts records."""
    sample = SAMPLES / "servicenow-table-api" / "RESPONSE_QUERY_TICKETS.json"
    template = json.loads(sample.read_text(encoding="utf-8"))["result"][0]
    records = [{**template, "number": f"INC{n:07d}", "sys_id": f"{n:032x}"} for n in range(1, 2501)]
    export = tmp_path / "incidents.json"
    export.write_text(json.dumps({"result": records}, indent=2), encoding="utf-8")
    lines = export.read_bytes().count(b"\n")
    assert lines > 100_000  # the line count would be a wrong total
    root: Path = make_repo(files(), config=CONFIG)
    args = ["import", "servicenow", str(export), "-C", str(root), "--imported-at", STAMP]
    monkeypatch.setenv("ITSMKIT_PROGRESS", "always")
    result = runner.invoke(app, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2500 added" in result.stdout
    assert "reading export" in result.stderr
    assert "/2500" in result.stderr
    assert f"/{lines}" not in result.stderr
