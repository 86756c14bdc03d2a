"""``sla`` and ``report`` say, in one wording, that records in files with errors were left out."""

from __future__ import annotations

import pytest
from tests.conftest import run_cli
from tests.test_sla import files

WARNING = (
    "itsmkit: warning: 1 file(s) have errors; their records are not counted "
    "(run `itsmkit validate`)"
)


@pytest.mark.parametrize("command", [["sla"], ["report", "SLA-BETA"]])
def test_a_broken_records_file_is_named_once_in_the_warning(make_repo, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    broken = {"records/2026-05/more-incidents.yaml": "kind: batch\nof: incident\nitems: [\n"}
    root = make_repo({**files(), **broken})
    result = run_cli(*command, "-C", str(root), "-p", "2026-05")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count(WARNING) == 1, result.stderr


@pytest.mark.parametrize("command", [["sla"], ["report", "SLA-BETA"]])
def test_no_warning_when_every_file_reads(make_repo, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(*command, "-C", str(make_repo(files())), "-p", "2026-05")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
