"""Every sample output shown in README.md and docs/ is what the command really prints.

A sample is a fenced block that follows a marker line and starts with the command:

    <!-- output-of: itsmkit validate examples/alpes-hebergement -->
    ```text
    $ itsmkit validate examples/alpes-hebergement
    0 errors, ...
    ```

The test runs each command from the repository root and compares. After a change that
alters an output on purpose, regenerate the samples with
``ITSMKIT_UPDATE_DOCS=1 pytest tests/test_doc_outputs.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itsmkit.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
UPDATE = os.environ.get("ITSMKIT_UPDATE_DOCS") == "1"
MARKER = re.compile(
    r"^<!-- output-of: (?P<cmd>.+?) -->\n```(?P<lang>\w*)\n(?P<body>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
# Folders some samples run on, and the script that builds each one first.
BUILT = {
    "build/alpes-hebergement": ["examples/tools/build_history.py", "examples/alpes-hebergement"]
}


@dataclass(frozen=True)
class Sample:
    doc: Path
    command: str
    body: str

    @property
    def id(self) -> str:
        return f"{self.doc.name}: {self.command}"


def samples() -> list[Sample]:
    found = []
    for doc in DOCS:
        for m in MARKER.finditer(doc.read_text(encoding="utf-8")):
            found.append(Sample(doc, m["cmd"], m["body"]))
    return found


def run(command: str) -> str:
    """The command's output as a user reading the docs would see it in a 100-column pipe."""
    args = shlex.split(command)
    assert args[0] == "itsmkit", f"samples run itsmkit commands, not {args[0]!r}"
    for folder, script in BUILT.items():
        if folder in args:
            subprocess.run(
                [sys.executable, str(ROOT / script[0]), str(ROOT / script[1]), str(ROOT / folder)],
                check=True,
                capture_output=True,
            )
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(
            app, args[1:], env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
        )
    finally:
        os.chdir(cwd)
    return f"$ {command}\n{result.output}"


def test_the_docs_show_samples() -> None:
    # The README shows what validate and the mock audit print; losing the markers loses the test.
    commands = [s.command for s in samples() if s.doc.name == "README.md"]
    assert any(c.startswith("itsmkit validate") for c in commands)
    assert any(c.startswith("itsmkit audit") for c in commands)


@pytest.mark.parametrize("sample", samples(), ids=lambda s: s.id)
def test_sample_output_is_real(sample: Sample) -> None:
    actual = run(sample.command)
    if UPDATE and actual != sample.body:
        text = sample.doc.read_text(encoding="utf-8")
        text = text.replace(sample.body, actual, 1)
        sample.doc.write_text(text, encoding="utf-8")
        pytest.skip(f"regenerated the sample of {sample.command!r} in {sample.doc.name}")
    assert actual == sample.body, (
        f"{sample.doc.name}: the sample output of {sample.command!r} has drifted; "
        "regenerate with ITSMKIT_UPDATE_DOCS=1 and review the diff"
    )
