"""The settings' memo: a warm run reads itsmkit.yaml without parsing YAML, never stale."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.repo import configmemo
from itsmkit.repo.cache import folder
from itsmkit.repo.root import load_config

RUNNER = CliRunner()


def _memo(root: Path) -> Path:
    return folder(root) / configmemo.MEMO_FILE


def _validate(root: Path, *args: str) -> dict[str, object]:
    result = RUNNER.invoke(app, ["validate", "-C", str(root), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_the_memo_gives_what_reading_gives(example_copy: Path) -> None:
    plain = load_config(example_copy)
    assert not _memo(example_copy).exists()  # cache=False writes nothing
    assert load_config(example_copy, cache=None) == plain
    assert not _memo(example_copy).exists()  # None only reads
    assert load_config(example_copy, cache=True) == plain
    assert _memo(example_copy).is_file()
    assert configmemo.recall(example_copy, (example_copy / "itsmkit.yaml").read_bytes())
    assert load_config(example_copy, cache=True) == plain
    assert load_config(example_copy, cache=None) == plain


def test_an_edited_settings_file_is_read_again(example_copy: Path) -> None:
    load_config(example_copy, cache=True)
    settings = example_copy / "itsmkit.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("language: fr", "language: en"), encoding="utf-8")
    config, _ = load_config(example_copy, cache=True)
    assert config is not None and config.language == "en"
    settings.write_text(text.replace("language: fr", "language: [fr"), encoding="utf-8")
    config, issues = load_config(example_copy, cache=True)
    assert config is None and issues
    again, issues_again = load_config(example_copy, cache=True)  # from the memo now
    assert again is None and issues_again == issues


def test_a_damaged_or_foreign_memo_is_a_miss(example_copy: Path) -> None:
    plain = load_config(example_copy)
    load_config(example_copy, cache=True)
    good = _memo(example_copy).read_bytes()
    for damaged in (good[:-5], b"", good.replace(b"itsmkit-config", b"itsmkit-other!"), good[:20]):
        _memo(example_copy).write_bytes(damaged)
        assert load_config(example_copy, cache=None) == plain


def test_a_no_cache_run_never_reads_the_memo(example_copy: Path) -> None:
    # A memo planted for these very bytes but saying other settings: only a run that
    # uses the cache may believe it.
    raw = (example_copy / "itsmkit.yaml").read_bytes()
    config, issues = load_config(example_copy)
    assert config is not None
    planted = config.model_copy(update={"organisation": "Planted SARL"})
    configmemo.remember(example_copy, raw, planted, issues)
    assert load_config(example_copy, cache=None)[0].organisation == "Planted SARL"  # type: ignore[union-attr]
    assert load_config(example_copy)[0] == config
    report = _validate(example_copy, "--no-cache")
    assert "Planted" not in json.dumps(report)


def test_a_warm_render_neither_parses_nor_validates_the_settings(example_copy: Path) -> None:
    # The configuration model's validator is built on first use (~25 ms): a warm run
    # takes the validated settings from the memo instead.
    load_config(example_copy, cache=True)
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from itsmkit.config import Config\n"
        "from itsmkit.repo.root import load_config\n"
        f"config, _ = load_config(Path({str(example_copy)!r}), cache=None)\n"
        "print(config.organisation, Config.__pydantic_complete__, 'yaml' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.stdout.split() == ["Alpes", "Hébergement", "SARL", "False", "False"], proc.stderr


def test_a_warm_validate_imports_no_yaml_reader(example_copy: Path) -> None:
    probe = (
        "import json, sys\n"
        "from itsmkit.cli.app import main\n"
        f"sys.argv = ['itsmkit', 'validate', '-C', {str(example_copy)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )

    def modules() -> set[str]:
        proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        return set(json.loads(proc.stderr.strip().splitlines()[-1]))

    assert "yaml" in modules()  # cold: everything parsed
    warm = modules()
    assert "itsmkit.incremental" in warm
    assert "yaml" not in warm and "itsmkit.repo.yamlread" not in warm
    before = _validate(example_copy, "--no-cache")
    assert _validate(example_copy) == before


def test_an_incremental_run_that_ignores_the_cache_ignores_the_memo(example_copy: Path) -> None:
    # `validate --changed --no-cache` runs the incremental code with read=False.
    import datetime as dt

    from itsmkit import incremental
    from itsmkit.catalogue import make

    raw = (example_copy / "itsmkit.yaml").read_bytes()
    planted = make("config-invalid", "planted by the test", "itsmkit.yaml", line=1, column=1)
    configmemo.remember(example_copy, raw, None, [planted])
    day = dt.date(2026, 11, 25)
    believed = incremental.run(example_copy, today=day, write=False)
    assert any(i.message == "planted by the test" for i in believed.issues)  # the probe works
    ignored = incremental.run(example_copy, today=day, write=False, read=False)
    assert not any(i.message == "planted by the test" for i in ignored.issues)
