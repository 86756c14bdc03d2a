"""Random sequences of edits, commits and ``--changed`` runs on a small git repository.

Each step is an edit (a reference changed, broken or fixed, a schema error, a file added,
deleted or renamed, an id duplicated or renamed, two files' contents swapped so ids move
between files, a file that no longer parses) or a commit. After every step
``validate --changed HEAD`` (and, after a commit, since the first commit) must:

- report exactly the full run's issues for the files it checked, in order, with their
  positions;
- check every file that changed and every file whose issues differ from a full run on
  the revision's own files (``git archive``): nothing the change did is left out.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import CONFIG, GIT_ENV, PERSON, build_file_tree, git

from itsmkit.changed import validate_changed
from itsmkit.issues import Issue
from itsmkit.validator import validate

SCALE = max(1, int(os.environ.get("ITSMKIT_FUZZ_SCALE", "1") or 1))
TODAY = dt.date(2026, 6, 1)


def service(ident: str, status: str = "pipeline") -> str:
    return (
        f"kind: service\nid: {ident}\nschema_version: 1\ntitle: {ident}\nversion: '1.0'\n"
        f"status: draft\nowner: P-ALICE\ncode: {ident[4:]}\nname: {ident}\n"
        f"service_status: {status}\ndescription: A service\nservice_owner: P-ALICE\n"
    )


def incident(ident: str, target: str, extra: str = "") -> str:
    return (
        f"kind: incident\nid: {ident}\nschema_version: 1\nsummary: Slow\nservice: {target}\n"
        f"customer: CUST-BETA\npriority: P2\nstatus: new\nopened: 2026-03-01T09:00:00+01:00\n"
        f"{extra}"
    )


START: dict[str, str | bytes] = {
    "itsmkit.yaml": CONFIG,
    "people/alice.yaml": PERSON,
    "customers/beta.yaml": "kind: customer\nid: CUST-BETA\nschema_version: 1\nname: Beta SA\n",
    "services/a.yaml": service("SVC-A"),
    "services/b.yaml": service("SVC-B"),
    "incidents/1.yaml": incident("INC-1", "SVC-A"),
    "incidents/2.yaml": incident("INC-2", "SVC-B"),
    "incidents/3.yaml": incident("INC-3", "SVC-A"),
    "incidents/4.yaml": incident("INC-4", "SVC-NOPE"),
}
# SVC-NOPF: close to the unknown SVC-NOPE, so an id becoming it changes a did-you-mean hint
# in a file that refers to neither (only the second run of the rules sees that).
TARGETS = ("SVC-A", "SVC-B", "SVC-C", "SVC-NOPE", "SVC-NOPF")

# (operation, a file index, a target index): applied to whatever the tree holds then.
step = st.tuples(
    st.sampled_from(
        [
            "retarget",
            "schema",
            "add",
            "delete",
            "rename",
            "duplicate",
            "reid",
            "fix",
            "swap",
            "break",
            "commit",
        ]
    ),
    st.integers(0, 20),
    st.integers(0, len(TARGETS) - 1),
)


def yaml_files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*.yaml") if ".git" not in p.parts and p.name != "itsmkit.yaml"
    )


def apply(root: Path, op: str, n: int, t: int, counter: list[int]) -> None:
    files = yaml_files(root)
    incidents = [p for p in files if "incident" in p.read_text(encoding="utf-8")]
    services = [p for p in files if "kind: service\n" in p.read_text(encoding="utf-8")]
    counter[0] += 1
    fresh = counter[0]
    if op == "commit":
        git(root, "add", "-A")
        git(root, "commit", "-q", "--allow-empty", "-m", f"step {fresh}")
    elif op == "retarget" and incidents:
        path = incidents[n % len(incidents)]
        text = path.read_text(encoding="utf-8")
        old = next(line for line in text.splitlines() if line.startswith("service:"))
        path.write_text(text.replace(old, f"service: {TARGETS[t]}"), encoding="utf-8")
    elif op == "schema" and files:
        path = files[n % len(files)]
        path.write_text(path.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    elif op == "fix" and files:
        path = files[n % len(files)]
        path.write_text(
            path.read_text(encoding="utf-8").replace("colour: blue\n", ""), encoding="utf-8"
        )
    elif op == "add":
        (root / "incidents" / f"n{fresh}.yaml").parent.mkdir(exist_ok=True)
        (root / "incidents" / f"n{fresh}.yaml").write_text(
            incident(f"INC-N{fresh}", TARGETS[t]), encoding="utf-8"
        )
    elif op == "delete" and files:
        files[n % len(files)].unlink()
    elif op == "rename" and files:
        path = files[n % len(files)]
        path.rename(path.with_name(f"r{fresh}-{path.name}"))
    elif op == "duplicate" and services:
        source = services[n % len(services)]
        shutil.copyfile(source, root / f"{'a' if t % 2 else 'z'}{fresh}.yaml")
    elif op == "swap" and len(files) > 1:
        one, other = files[n % len(files)], files[(n + 1 + t) % len(files)]
        a, b = one.read_bytes(), other.read_bytes()
        one.write_bytes(b)
        other.write_bytes(a)
    elif op == "break" and files:
        path = files[n % len(files)]
        path.write_text(path.read_text(encoding="utf-8") + "oops: [\n", encoding="utf-8")
    elif op == "reid" and services:
        path = services[n % len(services)]
        text = path.read_text(encoding="utf-8")
        old = next(line for line in text.splitlines() if line.startswith("id:"))
        path.write_text(text.replace(old, f"id: {TARGETS[t]}", 1), encoding="utf-8")


def full_at(root: Path, rev: str, into: Path) -> dict[str, list[tuple[object, ...]]]:
    """The oracle: issues per file of a full run on ``rev``'s own files."""
    if into.exists():
        shutil.rmtree(into)
    into.mkdir()
    env = {**os.environ, **GIT_ENV}
    tar = subprocess.run(
        ["git", "archive", "--format=tar", rev], cwd=root, env=env, check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(into, filter="data")
    return per_file(validate(into, today=TODAY, cache=False)[0].issues)


def per_file(issues: list[Issue]) -> dict[str, list[tuple[object, ...]]]:
    grouped: dict[str, list[tuple[object, ...]]] = {}
    for i in issues:
        grouped.setdefault(i.file, []).append(tuple(i.to_dict().values()))
    return grouped


def check(root: Path, rev: str, scratch: Path) -> None:
    report, scope = validate_changed(root, rev, today=TODAY, cache=True)
    full, repo = validate(root, today=TODAY, cache=False)
    files = set(repo.files)
    chosen = set(scope.files)
    kept = [i for i in full.issues if i.file in chosen or i.file not in files]
    assert report.issues == kept
    if scope.whole:
        assert chosen == files
        return
    then = full_at(root, rev, scratch)
    now = per_file(full.issues)
    altered = {rel for rel in then.keys() | now.keys() if then.get(rel) != now.get(rel)}
    assert (altered & files) <= chosen, (altered, chosen)
    tracked = git(root, "ls-tree", "-r", "--name-only", rev).split()
    diff = git(root, "diff", "--name-only", "--no-renames", rev).split()
    assert {rel for rel in files if rel not in tracked or rel in diff} <= chosen


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@settings(
    deadline=None,
    max_examples=15 * SCALE,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=7))
def test_changed_matches_the_full_run_through_random_edits(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int, int]]
) -> None:
    base = tmp_path_factory.mktemp("seq")
    root = base / "company"
    root.mkdir()
    build_file_tree(root, START)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    first = git(root, "rev-parse", "HEAD").strip()
    assert len(validate(root, today=TODAY)[0].issues) == 1, "only INC-4's unknown service"
    counter = [0]
    for op, n, t in steps:
        apply(root, op, n, t, counter)
        check(root, "HEAD", base / "then")
        if op == "commit":
            check(root, first, base / "then")
