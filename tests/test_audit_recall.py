"""Recall of the mock audit on test companies with defects seeded by hand.

Each company is a copy of examples/alpes-hebergement with the edits of one block of
tests/fixtures/audit-seeds.yaml applied; the ground truth is, per defect, the clause and
the file an auditor's finding must cite. A company whose defects name ``late`` files is audited in git,
its history built by examples/tools/build_history.py, those files committed in one go two
days before the audit (backfilled evidence). A finding that matches neither a seeded defect
nor the example's own known findings (``baseline``) is a false finding.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from ruamel.yaml import YAML

from itsmkit.audit.engine import run_audit
from itsmkit.audit.finding import AuditFinding

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "examples" / "alpes-hebergement"
BUILD = HERE.parent / "examples" / "tools" / "build_history.py"
SEEDS = yaml.safe_load((HERE / "fixtures" / "audit-seeds.yaml").read_text(encoding="utf-8"))


def _select(node: Any, key: Any) -> Any:
    if isinstance(node, list) and isinstance(key, str):
        for n, item in enumerate(node):
            if isinstance(item, dict) and item.get("id") == key:
                return n
        raise KeyError(key)
    return key


def apply_edits(root: Path, edits: list[dict[str, Any]]) -> None:
    """Apply seeded edits (set, delete, append) to the files of a company copy."""
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    for edit in edits:
        path = root / edit["file"]
        data = rt.load(path.read_text(encoding="utf-8"))
        node = data
        keys = list(edit["path"])
        for key in keys[:-1]:
            node = node[_select(node, key)]
        last = _select(node, keys[-1])
        if edit.get("delete"):
            del node[last]
        elif "append" in edit:
            node.append(edit["append"])
        else:
            node[last] = edit["value"]
        with path.open("w", encoding="utf-8") as out:
            rt.dump(data, out)


def _files(f: AuditFinding) -> set[str]:
    return {e.rsplit(":", 1)[0] if e[-1:].isdigit() else e for e in f.evidence}


def _matches(f: AuditFinding, expected: dict[str, str]) -> bool:
    return (
        f.clause == expected["clause"]
        and expected["file"] in _files(f)
        and expected.get("mentions", "") in f.found
    )


def _build_history() -> Any:
    spec = importlib.util.spec_from_file_location("build_history", BUILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def with_history(tmp_path: Path, name: str, root: Path, late: list[str]) -> Path:
    """The company in git as it would have committed it, except ``late`` files.

    Those enter git two days before the audit date, in one commit: records written up for
    the audit.
    """
    tool = _build_history()
    held = tmp_path / f"{name}-held"
    for rel in late:
        (held / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(root / rel), held / rel)
    dest = tmp_path / f"{name}-git"
    tool.build(root, dest)
    reference = yaml.safe_load((root / "itsmkit.yaml").read_text(encoding="utf-8"))
    day = reference["reference_date"] - dt.timedelta(days=2)
    if late:
        for rel in late:
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(held / rel, dest / rel)
        tool._git(dest, "add", "--", *late)
        tool._git(dest, "commit", "-q", "-m", "records written up", day=day)
    return dest


def _company(
    tmp_path: Path, name: str, edits: list[dict[str, Any]], late: list[str] | None = None
) -> list[AuditFinding]:
    root = tmp_path / name
    shutil.copytree(EXAMPLE, root)
    apply_edits(root, edits)
    if late is not None:
        root = with_history(tmp_path, name, root, late)
    return run_audit(root).findings


def _false(findings: list[AuditFinding], truth: list[dict[str, str]]) -> list[AuditFinding]:
    return [f for f in findings if not any(_matches(f, t) for t in truth)]


def score(tmp_path: Path) -> dict[str, Any]:
    """Recall per company and in all, and the false findings of every variant."""
    baseline = SEEDS["baseline"]
    rows, found, total, false = [], 0, 0, []
    for company in SEEDS["companies"]:
        edits = [e for d in company["defects"] for e in d["edits"]]
        late = [rel for d in company["defects"] for rel in d.get("late", [])]
        findings = _company(
            tmp_path, company["name"], edits, late if late or company.get("git") else None
        )
        hit = 0
        for defect in company["defects"]:
            ok = all(any(_matches(f, t) for f in findings) for t in defect["expect"])
            hit += ok
            rows.append((company["name"], defect["id"], ok))
        found += hit
        total += len(company["defects"])
        truth = baseline + [t for d in company["defects"] for t in d["expect"]]
        false += [(company["name"], f) for f in _false(findings, truth)]
    for clean in SEEDS["clean"]:
        findings = _company(
            tmp_path, "clean-" + clean["name"], clean["edits"], [] if clean.get("git") else None
        )
        false += [("clean-" + clean["name"], f) for f in _false(findings, baseline)]
    return {"rows": rows, "recall": found / total, "false": false, "found": found, "total": total}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_seeded_defects_are_found_without_false_findings(tmp_path: Path) -> None:
    result = score(tmp_path)
    print(f"\n{'company':<12} {'defect':<42} found")
    for company, defect, ok in result["rows"]:
        print(f"{company:<12} {defect:<42} {'yes' if ok else 'NO'}")
    print(f"recall {result['found']}/{result['total']} = {result['recall']:.2f}")
    for where, f in result["false"]:
        print(f"false finding in {where}: {f.rule} {f.clause} {f.found} {f.evidence}")
    assert result["recall"] >= 0.95
    assert not result["false"]


def test_the_seeds_change_the_files_they_name(tmp_path: Path) -> None:
    """Every edit applies to the example (a seed that no longer matches would fail loudly)."""
    for company in SEEDS["companies"]:
        for defect in company["defects"]:
            root = tmp_path / defect["id"]
            shutil.copytree(EXAMPLE, root)
            for rel in defect.get("late", []):
                assert (root / rel).is_file(), (defect["id"], rel)
            before = {e["file"]: (root / e["file"]).read_text() for e in defect["edits"]}
            apply_edits(root, defect["edits"])
            for rel, text in before.items():
                assert (root / rel).read_text() != text, (defect["id"], rel)
