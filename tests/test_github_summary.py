"""Issue 14: the GitHub job summary's verdict is the whole report's, whatever --severity hides."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from typer.testing import CliRunner

from itsmkit.cli.app import app

runner = CliRunner()


def _customer(n: int, *, placeholders: int = 0, error: bool = False) -> str:
    text = f"kind: customer\nid: CUST-{n:02d}\nschema_version: 1\nname: Customer {n}\n"
    text += "".join(f"# [[to fill {k}]]\n" for k in range(placeholders))
    return text + ("nmae: typo\n" if error else "")


def _repo(make_repo, errors: int) -> Path:  # type: ignore[no-untyped-def]
    files: dict[str, str | bytes] = {
        f"customers/c{n}.yaml": _customer(n, placeholders=10) for n in range(7)
    }
    files.update({f"customers/e{n}.yaml": _customer(10 + n, error=True) for n in range(errors)})
    root: Path = make_repo(files)
    return root


def _github(root: Path, summary: Path, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        ["validate", str(root), "--format", "github", "--no-cache", *extra],
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    text = summary.read_text(encoding="utf-8")
    summary.unlink()
    return result.exit_code, result.stdout, text


def test_strict_fails_on_hidden_warnings_and_the_summary_says_failed(
    make_repo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    root = _repo(make_repo, errors=0)
    summary = tmp_path / "summary.md"
    code, stdout, text = _github(root, summary, "--severity", "error", "--strict")
    assert code == 1
    assert text.startswith("## itsmkit validate: failed\n")
    assert "0 errors, 70 warnings, 0 notes" in text
    assert "--strict: failed on 70 warnings \\(70 placeholder\\)" in text
    assert "70 less serious issues not shown \\(--severity\\)" in text
    assert "| warning |" not in text  # the table lists what --severity shows: nothing
    assert "::warning" not in stdout
    assert stdout.splitlines()[-2:] == [
        "70 less serious issues not shown (--severity)",
        "0 errors, 70 warnings, 0 notes in 8 files (8 artefacts)",
    ]
    # Without --strict the same warnings pass, and the summary says so.
    code, _, text = _github(root, summary, "--severity", "error")
    assert code == 0
    assert text.startswith("## itsmkit validate: passed\n")


def test_errors_fail_the_summary_and_only_they_are_annotated(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _repo(make_repo, errors=4)
    summary = tmp_path / "summary.md"
    code, stdout, text = _github(root, summary, "--severity", "error")
    assert code == 1
    assert text.startswith("## itsmkit validate: failed\n")
    assert "4 errors, 70 warnings" in text
    assert text.count("| error |") == 4 and "| warning |" not in text
    assert stdout.count("::error ") == 4 and "::warning" not in stdout
    # No --severity: every issue in the table, no line about hidden ones.
    code, stdout, text = _github(root, summary)
    assert text.count("| warning |") == 70
    assert "not shown" not in text and "not shown" not in stdout


def test_a_real_run_appends_to_the_summary_file(make_repo, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = _repo(make_repo, errors=0)
    summary = tmp_path / "summary.md"
    summary.write_text("## an earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    done = run_cli("validate", str(root), "-f", "github", "--severity", "error", "--strict")
    assert done.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## an earlier step\n## itsmkit validate: failed\n")
