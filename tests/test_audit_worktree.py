"""An audit of today (or later) reads the work tree: uncommitted edits are named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.audit_fixture import AS_OF, clean_company, write_company
from tests.conftest import git

from itsmkit.audit.engine import run_audit


def test_uncommitted_edits_are_named_in_a_notice(tmp_path: Path) -> None:
    root = tmp_path / "co"
    write_company(root, clean_company())
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial", date=f"{AS_OF}T12:00:00")
    later = dt.date.today() + dt.timedelta(days=1)
    assert not any("uncommitted" in n for n in run_audit(root, as_of=later).notices)
    (root / "records" / "complaint.yaml").write_text(
        (root / "records" / "complaint.yaml").read_text() + "# edited\n"
    )
    notices = run_audit(root, as_of=later).notices
    assert any("1 uncommitted change(s) (records/complaint.yaml)" in n for n in notices), notices
