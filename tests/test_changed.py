"""``validate --changed [REV]``: the full run's issues, for the files a change affects.

For a table of edits on a git copy of the example company (edit, add, delete, rename,
breaking a reference, fixing one, a record changing a service report's figures, an SLA
dropping a service, a duplicate id, the configuration), each checked in every output
format, ``--changed`` must equal the full run filtered to the files it reports on; and
an independent oracle (a full run on a ``git archive`` of the revision) must find no
file whose issues the change altered outside that set.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import GIT_ENV, git, run_cli
from typer.testing import CliRunner

from itsmkit.changed import validate_changed
from itsmkit.cli.app import app
from itsmkit.errors import RevisionError
from itsmkit.issues import Issue
from itsmkit.report import issues as printers
from itsmkit.validator import validate

runner = CliRunner()
TODAY = "2026-11-20"


def commit_all(root: Path, message: str = "step") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def invoke(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", "--today", TODAY, *args, "-C", str(root)])
    return result.exit_code, result.stdout, result.stderr


def full_json(root: Path) -> list[dict[str, object]]:
    code, out, _ = invoke(root, "-f", "json", "--no-cache")
    assert code in (0, 1), out
    issues: list[dict[str, object]] = json.loads(out)["issues"]
    return issues


def at_revision(root: Path, rev: str, into: Path) -> list[dict[str, object]]:
    """The oracle: a full run on the files as committed at ``rev`` (no --changed code)."""
    data = git_bytes(root, "archive", "--format=tar", rev)
    into.mkdir()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return full_json(into)


def git_bytes(root: Path, *args: str) -> bytes:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True).stdout


def by_file(issues: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    grouped: dict[str, list[dict[str, object]]] = {}
    for issue in issues:
        grouped.setdefault(str(issue["file"]), []).append(issue)
    return grouped


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# Each case changes the working tree (staged, unstaged or untracked) after a commit.
CASES: dict[str, Callable[[Path], object]] = {
    "edit breaks a schema value": lambda r: edit(
        r, "services/svc-web.yaml", "service_status: live", "service_status: alive"
    ),
    "add a file with a dangling reference": lambda r: (r / "records/extra.yaml").write_text(
        "kind: problem\nid: PB-2026-99\nschema_version: 1\ntitle: New\nstatus: open\n"
        "opened: 2026-10-01\nservice: SVC-NOPE\n",
        encoding="utf-8",
    ),
    "delete a referenced service": lambda r: git(r, "rm", "-q", "services/svc-pra.yaml"),
    "rename a service file": lambda r: git(r, "mv", "services/svc-vps.yaml", "services/vps.yaml"),
    "change a defined id": lambda r: edit(r, "services/svc-pra.yaml", "id: SVC-PRA", "id: SVC-DRP"),
    "break a reference": lambda r: edit(
        r, "services/pmeons-pra.yaml", "service: SVC-PRA", "service: SVC-PRAX"
    ),
    "a record changes a report's figures": lambda r: edit(
        r,
        "records/2026-07/incidents.yaml",
        "resolved: 2026-07-",
        "resolved: 2026-08-",
        count=-1,
    ),
    "an SLA drops a service": lambda r: edit(
        r, "agreements/slas/" + sla_with(r, "services: [SVC-WEB, SVC-MAIL]"), "SVC-WEB, ", ""
    ),
    "a duplicate id in a new file that sorts first": lambda r: (r / "aaa.yaml").write_text(
        (r / "services/svc-web.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    ),
    "configuration changed": lambda r: edit(r, "itsmkit.yaml", "\n", "\n# edited\n"),
    "two services swap files (each id moves)": lambda r: swap(
        r, "services/svc-pra.yaml", "services/svc-vps.yaml"
    ),
    "a referenced service no longer parses": lambda r: (r / "services/svc-pra.yaml").write_text(
        "kind: service\nid: [SVC-PRA\n", encoding="utf-8"
    ),
    "a file that did not parse at the revision is fixed": lambda r: fixed_after_commit(
        r, "services/svc-pra.yaml"
    ),
}


def swap(root: Path, one: str, other: str) -> None:
    a, b = (root / one).read_bytes(), (root / other).read_bytes()
    (root / one).write_bytes(b)
    (root / other).write_bytes(a)


def fixed_after_commit(root: Path, rel: str) -> None:
    """Commit ``rel`` broken (not YAML), then restore it in the working tree."""
    good = (root / rel).read_bytes()
    (root / rel).write_text("kind: service\nid: [SVC-PRA\n", encoding="utf-8")
    commit_all(root, "broken")
    (root / rel).write_bytes(good)


def sla_with(root: Path, text: str) -> str:
    for path in sorted((root / "agreements/slas").glob("*.yaml")):
        if text in path.read_text(encoding="utf-8"):
            return path.name
    raise AssertionError(text)


@pytest.fixture
def company(example_copy: Path) -> Path:
    git(example_copy, "init", "-q", "-b", "main")
    commit_all(example_copy, "initial")
    return example_copy


def test_a_clean_tree_checks_nothing(company: Path) -> None:
    code, out, err = invoke(company, "--changed", "-f", "json")
    assert code == 0
    assert json.loads(out)["issues"] == []
    assert "0 changed file(s); 0 checked" in err


@pytest.mark.parametrize("case", list(CASES))
def test_changed_is_the_full_run_filtered_to_the_affected_files(
    company: Path, tmp_path: Path, case: str
) -> None:
    CASES[case](company)
    day = dt.date.fromisoformat(TODAY)
    report, scope = validate_changed(company, "HEAD", today=day, cache=True)
    full, repo = validate(company, today=day, cache=False)
    files = set(repo.files)
    chosen = set(scope.files)

    def kept(rel: str) -> bool:
        return rel in chosen or rel == "itsmkit.yaml" or rel not in files

    # 1. Exactly the full run's issues there: same ones, same order, same positions.
    assert report.issues == [i for i in full.issues if kept(i.file)]
    assert report.files == len(chosen)

    # 2. The oracle: every changed file, and every file whose issues the change
    # altered (judged by a full run on the revision's files), is in the set.
    before = by_file(at_revision(company, "HEAD", tmp_path / "then"))
    now = by_file(full_json(company))
    status = git(company, "status", "--porcelain", "--untracked-files=all", "--no-renames")
    touched = {line[3:] for line in status.splitlines()} & files
    assert touched <= chosen, case
    altered = {rel for rel in before.keys() | now.keys() if before.get(rel) != now.get(rel)}
    assert altered & files <= chosen | {"itsmkit.yaml"}, case

    # 3. Every file that names, as a value, an id a changed or deleted file defines is in the set.
    ids: set[str] = set()
    for rel in touched | set(scope.deleted):
        text = (company / rel).read_text(encoding="utf-8") if rel in files else ""
        if rel in scope.deleted:
            text = git(company, "show", f"HEAD:{rel}")
        ids |= set(re.findall(r"^\s*-?\s*id: ([A-Z][A-Z0-9-]+)$", text, re.MULTILINE))
    for rel in files:
        text = (company / rel).read_text(encoding="utf-8")
        # As a YAML value (after a colon, in a flow list or an item), not in prose.
        if any(re.search(rf"(?m)[:\[,-] *{re.escape(i)} *(?:$|[,\]}}])", text) for i in ids):
            assert rel in chosen, (case, rel)

    # 4. The same in every format, through the command.
    for fmt in ("json", "sarif", "github", "junit", "text"):
        _, whole, _ = invoke(company, "-f", fmt, "--no-cache")
        code, part, err = invoke(company, "-f", fmt, "--changed")
        assert code == (1 if report.failed() else 0)
        assert "--changed HEAD:" in err
        assert_filtered(fmt, whole, part, kept)

    if case == "configuration changed":
        assert scope.whole and chosen == files
    else:
        assert scope.whole is None and chosen != files, "the set is not everything"


def assert_filtered(fmt: str, whole: str, part: str, kept: Callable[[str], bool]) -> None:
    """``part`` holds exactly ``whole``'s entries for the kept files, in order."""
    if fmt == "json":
        assert json.loads(part)["issues"] == [
            i for i in json.loads(whole)["issues"] if kept(i["file"])
        ]
    elif fmt == "sarif":

        def results(text: str) -> list[dict[str, object]]:
            found: list[dict[str, object]] = json.loads(text)["runs"][0]["results"]
            return found

        def uri(r: dict[str, object]) -> str:
            return r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]  # type: ignore[index,no-any-return]

        assert results(part) == [r for r in results(whole) if kept(uri(r))]
    elif fmt == "github":
        lines = [ln for ln in whole.splitlines() if ln.startswith("::")]
        wanted = [ln for ln in lines if kept(re.search(r"file=([^,]*)", ln).group(1))]  # type: ignore[union-attr]
        assert [ln for ln in part.splitlines() if ln.startswith("::")] == wanted
    elif fmt == "junit":
        cases = re.findall(r"<testcase [^>]*name=\"([^\"]*)\"[^>]*>.*?</testcase>", whole, re.S)
        failing = [c for c in cases if kept(c)]
        assert re.findall(r"<testcase [^>]*name=\"([^\"]*)\"[^>]*>.*?</testcase>", part, re.S) == (
            failing
        )
    else:
        issue = re.compile(r"^(\S+?):\d+:\d+: ")
        lines = [ln for ln in whole.splitlines() if issue.match(ln)]
        wanted = [ln for ln in lines if kept(issue.match(ln).group(1))]  # type: ignore[union-attr]
        assert [ln for ln in part.splitlines() if issue.match(ln)] == wanted


def test_since_an_older_revision_and_a_merge_base(company: Path) -> None:
    first = git(company, "rev-parse", "HEAD").strip()
    git(company, "checkout", "-q", "-b", "topic")
    edit(company, "services/pmeons-pra.yaml", "service: SVC-PRA", "service: SVC-PRAX")
    commit_all(company, "break")
    code, out, _ = invoke(company, "-f", "json", "--changed", first)
    assert code == 1
    assert {i["file"] for i in json.loads(out)["issues"]} == {"services/pmeons-pra.yaml"}
    assert invoke(company, "-f", "json", "--changed", "main...")[1] == out
    assert invoke(company, "-f", "json", "--changed")[1] != out  # nothing since HEAD


def test_company_in_a_sub_folder_of_the_git_repository(tmp_path: Path, make_repo) -> None:  # type: ignore[no-untyped-def]
    top = tmp_path / "top"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    root = make_repo({"people/bob.yaml": "kind: person\nid: P-BOB\nschema_version: 1\nname: B\n"})
    company = top / "it" / "sms"
    company.parent.mkdir()
    root.rename(company)
    (top / "README.md").write_text("x\n", encoding="utf-8")
    commit_all(top, "initial")
    (company / "people/bob.yaml").unlink()
    (company / "people/carol.yaml").write_text(
        "kind: person\nid: P-CAROL\nschema_version: 1\nname: C\nmanager: P-BOB\n",
        encoding="utf-8",
    )
    (top / "README.md").write_text("y\n", encoding="utf-8")  # outside: not an artefact
    report, scope = validate_changed(company / "people")
    assert scope.changed == ["people/carol.yaml"]
    assert scope.deleted == ["people/bob.yaml"]
    assert [i.file for i in report.issues] == [
        i.file for i in validate(company)[0].issues if i.file == "people/carol.yaml"
    ]


def test_errors_name_the_revision_and_say_what_to_do(company: Path, tmp_path: Path) -> None:
    code, _, err = invoke(company, "--changed", "no-such-branch")
    assert code == 2
    assert "unknown revision 'no-such-branch'" in err
    assert "Traceback" not in err
    code, out, _ = invoke(company, "--changed", "no-such-branch", "-f", "json")
    envelope = json.loads(out)["error"]
    assert (code, envelope["code"], envelope["exit_code"]) == (2, "git-revision", 2)
    assert envelope["details"] == {"revision": "no-such-branch"}
    # A path where REV belongs: the hint says how to write it.
    code, _, err = invoke(company, "--changed", str(company))
    assert code == 2 and "is a path" in err

    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "itsmkit.yaml").write_text((company / "itsmkit.yaml").read_text(encoding="utf-8"))
    done = run_cli("validate", "--changed", "-C", str(plain), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "needs a git repository" in done.stderr


def test_a_shallow_clone_says_to_fetch_the_history(company: Path, tmp_path: Path) -> None:
    edit(company, "services/svc-web.yaml", "service_status: live", "service_status: retired")
    commit_all(company, "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{company}", str(clone))
    with pytest.raises(RevisionError) as caught:
        validate_changed(clone, "HEAD~1")
    assert "not in this clone" in str(caught.value)
    assert "fetch-depth: 0" in (caught.value.hint or "")
    done = run_cli("validate", "--changed", "HEAD~1", "-C", str(clone))
    assert done.returncode == 2 and "fetch-depth: 0" in done.stderr


def test_no_commit_yet_checks_every_file(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"people/bob.yaml": "kind: person\nid: P-BOB\nschema_version: 1\nname: B\n"})
    git(root, "init", "-q", "-b", "main")
    report, scope = validate_changed(root)
    assert scope.whole == "the git repository has no commit yet"
    assert "people/bob.yaml" in scope.files
    assert scope.files == validate(root)[1].files
    assert report.issues == validate(root)[0].issues


def test_bare_changed_before_another_option_means_head(company: Path) -> None:
    edit(company, "services/svc-web.yaml", "service_status: live", "service_status: alive")
    code, out, err = invoke(company, "--changed", "-f", "json")
    assert code == 1
    assert {i["file"] for i in json.loads(out)["issues"]} >= {"services/svc-web.yaml"}
    assert err.startswith("--changed HEAD: 1 changed file(s)")
    assert invoke(company, "-f", "json", "--changed=HEAD")[1] == out


def test_help_explains_changed() -> None:
    result = runner.invoke(app, ["validate", "--help"], terminal_width=200)
    text = " ".join(result.output.split())
    assert "--changed" in text and "[REV]" in text
    assert "merge base" in text and "itsmkit.yaml" in text


def test_printers_see_the_filtered_report(company: Path) -> None:
    CASES["delete a referenced service"](company)
    report, scope = validate_changed(company, today=dt.date(2026, 11, 20))
    with_issues = {i.file for i in report.issues}
    clean = len(set(scope.files) - with_issues)
    assert clean > 0
    assert f'name="{clean} file(s) without issues"' in printers.to_junit(report)


def test_nothing_changed_but_a_readme_shows_only_repository_wide_issues(company: Path) -> None:
    (company / "README.md").write_text("edited\n", encoding="utf-8")
    edit(company, "itsmkit.yaml", "\n", "\nunknown_setting: 1\n")
    commit_all(company, "a config with an issue")
    (company / "README.md").write_text("edited again\n", encoding="utf-8")
    report, scope = validate_changed(company)
    full, _ = validate(company)
    assert scope.files == [] and scope.whole is None
    assert report.issues == [i for i in full.issues if i.file == "itsmkit.yaml"]
    assert report.issues, "the configuration's issue shows: it concerns every file"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_repository_git_refuses_says_why(company: Path) -> None:
    for path in [company, *company.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)  # another owner: "dubious"
    done = run_cli("validate", "--changed", "-C", str(company))
    assert done.returncode == 2, done.stderr
    assert "dubious ownership" in done.stderr
    assert "safe.directory" in done.stderr


def test_the_revision_state_is_remembered_across_commits_and_never_trusted_blindly(
    company: Path,
) -> None:
    from itsmkit.repo.cache import index_path

    day = dt.date.fromisoformat(TODAY)
    runs: list[list[str]] = []

    def changed_now() -> list[Issue]:
        report, scope = validate_changed(company, today=day, cache=True)
        assert scope.stats is not None
        runs.append(list(scope.stats.rules_run))
        full, repo = validate(company, today=day, cache=False)
        files = set(repo.files)
        assert report.issues == [
            i for i in full.issues if i.file in scope.files or i.file not in files
        ]
        return report.issues

    CASES["a record changes a report's figures"](company)
    first = changed_now()
    # The figures read every file: computed for the tree and for the revision.
    assert runs[-1].count("figures") == 2, runs
    assert changed_now() == first and runs[-1] == [], "the second run remembers both"
    index = index_path(company)
    assert index.is_file()
    assert not (company / ".itsmkit/cache/changed.state").exists(), "one cache file, not two"

    commit_all(company, "figures")  # the state validated becomes the revision's
    CASES["break a reference"](company)
    changed_now()
    assert runs[-1].count("figures") == 1, "the revision is the tree the last run validated"

    for damage in (b"", b"{not json", index.read_bytes()[:-7], b"itsmkit-index\n" + b"x" * 99):
        index.write_bytes(damage)
        changed_now()  # unreadable or foreign: ignored, the rules run again, same result
        assert runs[-1].count("figures") == 2, runs
    runner.invoke(app, ["cache", "clear", "-C", str(company)])
    assert not index.exists()


def test_no_cache_is_the_same_scope_and_report(company: Path) -> None:
    CASES["delete a referenced service"](company)
    CASES["break a reference"](company)
    day = dt.date.fromisoformat(TODAY)
    cached = validate_changed(company, today=day, cache=True)
    uncached = validate_changed(company, today=day, cache=False)
    assert cached[0].issues == uncached[0].issues
    assert cached[1].files == uncached[1].files
    assert uncached[1].stats is not None and uncached[1].stats.by_stat == 0


def test_artefact_paths_are_those_the_walk_reads(tmp_path: Path, make_repo) -> None:  # type: ignore[no-untyped-def]
    from itsmkit.repo.files import find_files, is_artefact_path

    names = [
        "a.yaml",
        "b.yml",
        "c.txt",
        ".hidden.yaml",
        "d/.e.yaml",
        ".git/f.yaml",
        "g/.h/i.yaml",
        "node_modules/j.yaml",
        "k/venv/l.yaml",
        "drafts/m.yaml",
        "n/drafts/o.yaml",
        "p/q.yaml",
    ]
    root = make_repo(dict.fromkeys(names, "kind: person\n"))
    exclude = ["drafts/", "*/drafts"]
    walked = set(find_files(root, exclude).files)
    assert {n for n in [*names, "people/alice.yaml"] if is_artefact_path(n, exclude)} == walked
