"""Listing commands in a pipe: text ends with a newline, and a reader that stops early
(``itsmkit list | head``) ends the command quietly, as SIGPIPE ends ``ls`` or ``git log``.

Real subprocesses on a copy of the example in a git repository: the pipe's read end is
closed before the command writes anything (so every write fails, whatever the output's
size), and a real ``| head -1`` pipeline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE, GIT_ENV, git

from itsmkit.cli.pipes import EXIT_BROKEN_PIPE

LISTINGS = [
    ("list",),
    ("list", "incident"),
    ("list", "incident", "-f", "csv"),
    ("list", "incident", "-f", "json"),
    ("kinds",),
    ("rules",),
    ("rules", "-f", "md"),
    ("due",),
    ("frameworks",),
    ("frameworks", "show", "iso20000-1:2018"),
    ("checklist", "--list"),
    ("show", "SLA-CIMES-2026"),
    ("trace",),
    ("sla",),
]
ENV = {**os.environ, **GIT_ENV, "NO_COLOR": "1", "COLUMNS": "120"}


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pipes") / "example"
    shutil.copytree(EXAMPLE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    return root


def _run_into_closed_pipe(args: tuple[str, ...], cwd: Path) -> subprocess.CompletedProcess[str]:
    read, write = os.pipe()
    os.close(read)  # nobody will read: the first write fails
    try:
        return subprocess.run(
            [sys.executable, "-m", "itsmkit", *args],
            cwd=cwd,
            env=ENV,
            stdin=subprocess.DEVNULL,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_a_closed_pipe_ends_the_command_quietly(company: Path, args: tuple[str, ...]) -> None:
    done = _run_into_closed_pipe(args, company)
    assert done.stderr == ""  # no traceback, no "broken pipe" error, no "Exception ignored"
    assert done.returncode == EXIT_BROKEN_PIPE


@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_text_output_ends_with_a_newline(company: Path, args: tuple[str, ...]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "itsmkit", *args],
        cwd=company,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("\n") and not done.stdout.endswith("\n\n\n")


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("head") is None, reason="no shell")
def test_a_real_head_pipeline(company: Path) -> None:
    whole = subprocess.run(
        [sys.executable, "-m", "itsmkit", "list"],
        cwd=company,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert len(whole) > 1 << 16  # more than a pipe holds at once
    command = f"set -o pipefail; {sys.executable} -m itsmkit list | head -n 2"
    done = subprocess.run(
        ["bash", "-c", command], cwd=company, env=ENV, capture_output=True, text=True
    )
    assert done.stdout.splitlines() == whole.splitlines()[:2]
    assert done.stderr == ""
    # 141 when a write met the closed pipe (as `set -o pipefail` reports `ls | head`); the
    # kernel may also have taken the whole output before head left.
    assert done.returncode in (0, EXIT_BROKEN_PIPE)


def test_another_broken_pipe_is_still_a_named_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only standard output's reader going away is quiet: its poll shows the closed pipe."""
    from itsmkit.cli import pipes

    read, write = os.pipe()
    try:
        monkeypatch.setattr(sys, "__stdout__", os.fdopen(os.dup(write), "w"))
        assert pipes.stdout_is_closed() is False  # someone still reads
        os.close(read)
        read = -1
        assert pipes.stdout_is_closed() is True
    finally:
        os.close(write)
        if read != -1:
            os.close(read)
