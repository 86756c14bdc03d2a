"""The rules cache, the history cache and the compiled-template cache change no result.

Each step of a repository's life (an edit adding a cross-file error, its fix, a rename,
a deletion, another day, a damaged or planted cache file) is validated without any
cache and with the rules remembered; the issues must be the same, and the step must
have changed them (so the comparison is not vacuous). ``render`` must still refuse an
artefact that a cross-file rule finds wrong after a warm run, and ``audit`` must report
the same JSON cold and warm.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itsmkit import rulecache
from itsmkit.cli.app import app
from itsmkit.issues import Issue
from itsmkit.repo import cache as cache_mod
from itsmkit.repo import historycache
from itsmkit.repo.history import read_history
from itsmkit.repo.loader import Repository
from itsmkit.rules.repository import run_all
from itsmkit.validator import validate

runner = CliRunner()
DAY = dt.date(2025, 1, 1)

ROLE = "kind: role\nid: R-OWNER\nschema_version: 1\ncode: OWN\nname: Owner\n"


def person(ident: str, role: str = "R-OWNER") -> str:
    """A person holding ``role`` (an unknown role is a cross-file error)."""
    return f"kind: person\nid: {ident}\nschema_version: 1\nname: Bob\nroles: [{role}]\n"


class Counting:
    """``run_all`` that counts its calls: a cache hit does not call it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, repo: Repository, today: dt.date) -> list[Issue]:
        self.calls += 1
        return run_all(repo, today)


def issues_of(root: Path, *, cached: bool, day: dt.date = DAY, rules: Counting | None = None):  # type: ignore[no-untyped-def]
    if not cached:
        report, _ = validate(root, today=day, cache=False)
    else:
        counting = rules or Counting()
        report, _ = validate(
            root,
            today=day,
            cache=True,
            rules=lambda repo, today: rulecache.rule_issues(repo, today, rules=counting),
        )
    return [i.to_dict() for i in report.issues]


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files written by a test are younger than the racy window: trust them at once.
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)
    monkeypatch.delenv("ITSMKIT_NO_CACHE", raising=False)


def test_cached_rules_give_the_same_issues_through_a_life(make_repo, trusted) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"roles/owner.yaml": ROLE, "people/bob.yaml": person("P-BOB", "R-NOPE")})
    verdict = root / ".itsmkit" / "cache" / rulecache.FILE_NAME
    seen: list[list[dict[str, object]]] = []

    def step(*, day: dt.date = DAY) -> Counting:
        expected = issues_of(root, cached=False, day=day)
        counting = Counting()
        assert issues_of(root, cached=True, day=day, rules=counting) == expected  # fills
        again = Counting()
        assert issues_of(root, cached=True, day=day, rules=again) == expected  # reuses
        assert again.calls == 0, "an unchanged repository must not run the rules again"
        seen.append(expected)
        return counting

    step()
    assert verdict.is_file()
    assert any(i["code"] == "ref-unknown" for i in seen[-1]), seen[-1]
    # Fix the reference: the cross-file error goes.
    (root / "people" / "bob.yaml").write_text(person("P-BOB"), encoding="utf-8")
    assert step().calls == 1
    # Rename a file, then delete the role it points at: a new dangling reference.
    (root / "people" / "bob.yaml").rename(root / "people" / "robert.yaml")
    step()
    (root / "roles" / "owner.yaml").unlink()
    step()
    # Another day is another result (kept beside the first).
    step(day=dt.date(2031, 1, 1))
    assert step().calls == 0, "the first day's result was kept"
    assert len({json.dumps(s, sort_keys=True) for s in seen}) >= 3, "the steps changed nothing"
    # A damaged cache file, of every kind, is ignored and rewritten.
    good = verdict.read_bytes()
    for damaged in (b"", good[:-7], b"garbage" * 10, good[:20] + b"\x00" + good[21:]):
        verdict.write_bytes(damaged)
        assert step().calls == 1
        assert verdict.read_bytes() != damaged


def test_a_planted_cache_file_cannot_run_code(make_repo, trusted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"roles/owner.yaml": ROLE})
    issues_of(root, cached=True)
    verdict = root / ".itsmkit" / "cache" / rulecache.FILE_NAME
    blob = verdict.read_bytes()
    head = len(rulecache.MAGIC) + 2 + 20
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            import os

            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps({"files": {}, "results": [Evil()]})
    import hashlib

    planted = blob[:head] + hashlib.blake2b(payload, digest_size=20).digest() + payload
    verdict.write_bytes(planted)
    counting = Counting()
    assert issues_of(root, cached=True, rules=counting) == issues_of(root, cached=False)
    assert counting.calls == 1
    assert not marker.exists()


def test_a_file_younger_than_the_racy_window_is_never_stored(make_repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cache_mod, "RACY_NS", 3600 * 10**9)  # every file looks just written
    monkeypatch.delenv("ITSMKIT_NO_CACHE", raising=False)
    root = make_repo({"roles/owner.yaml": ROLE})
    assert issues_of(root, cached=True) == issues_of(root, cached=False)
    assert not (root / ".itsmkit" / "cache" / rulecache.FILE_NAME).exists()


def test_no_cache_switches_turn_it_off(make_repo, trusted, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"roles/owner.yaml": ROLE})
    monkeypatch.setenv("ITSMKIT_NO_CACHE", "1")
    counting = Counting()
    issues_of(root, cached=True, rules=counting)
    issues_of(root, cached=True, rules=counting)
    assert counting.calls == 2
    assert not (root / ".itsmkit").exists()


def test_render_still_refuses_what_a_cross_file_rule_finds_wrong(
    example_copy: Path, trusted
) -> None:  # type: ignore[no-untyped-def]
    out = example_copy / "out"
    args = ["render", "sla", "SLA-CIMES-2026", "-f", "md", "-C", str(example_copy)]
    first = runner.invoke(app, [*args, "-o", str(out / "a.md")])
    assert first.exit_code == 0, first.output
    warm = runner.invoke(app, [*args, "-o", str(out / "b.md")])
    assert warm.exit_code == 0, warm.output
    assert (out / "a.md").read_bytes() == (out / "b.md").read_bytes()
    assert (example_copy / ".itsmkit" / "cache" / rulecache.FILE_NAME).is_file()
    sla = example_copy / "agreements" / "slas" / "sla-cimes.yaml"
    text = sla.read_text(encoding="utf-8")
    sla.write_text(text.replace("customer: CUST-CIMES", "customer: CUST-NOPE"), encoding="utf-8")
    refused = runner.invoke(app, [*args, "-o", str(out / "c.md")])
    assert refused.exit_code == 1, refused.output
    assert not (out / "c.md").exists()
    sla.write_text(text, encoding="utf-8")
    again = runner.invoke(app, [*args, "-o", str(out / "d.md")])
    assert again.exit_code == 0, again.output
    assert (out / "d.md").read_bytes() == (out / "a.md").read_bytes()


def test_history_cache_gives_what_git_log_gives(git_repo, trusted) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import git

    root = git_repo({"roles/owner.yaml": ROLE})
    (root / "people" / "bob.yaml").write_text(person("P-BOB"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "inc", date="2024-05-01T10:00:00Z")
    expected = read_history(root)
    assert historycache.cached_history(root, cache=True) == expected  # fills
    path = root / ".itsmkit" / "cache" / historycache.FILE_NAME
    assert path.is_file()
    assert historycache.cached_history(root, cache=True) == expected  # reads
    # A new commit is another key: git is read again, and the new history is right.
    (root / "people" / "carol.yaml").write_text(person("P-CAROL"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "inc 2", date="2024-06-01T10:00:00Z")
    newer = read_history(root)
    assert newer != expected
    assert historycache.cached_history(root, cache=True) == newer
    path.write_bytes(b"itsmkit-history\n\x01\x00" + b"\x00" * 20 + b"junk")
    assert historycache.cached_history(root, cache=True) == newer
    assert historycache.cached_history(root, cache=None) == newer


def test_audit_is_the_same_cold_and_warm(git_repo, trusted) -> None:  # type: ignore[no-untyped-def]
    root = git_repo({"roles/owner.yaml": ROLE, "people/bob.yaml": person("P-BOB", "R-NOPE")})
    args = ["audit", "-f", "json", "-C", str(root)]

    def report(*extra: str) -> object:
        done = runner.invoke(app, [*args, *extra])
        assert done.exit_code in (0, 1), done.output
        data = json.loads(done.stdout)
        data.pop("generated", None)
        return data

    cold = report("--no-cache")
    assert not (root / ".itsmkit").exists()
    assert report() == cold  # fills
    assert (root / ".itsmkit" / "cache" / rulecache.FILE_NAME).is_file()
    assert (root / ".itsmkit" / "cache" / historycache.FILE_NAME).is_file()
    assert report() == cold  # reuses
    clear = runner.invoke(app, ["cache", "clear", "-C", str(root)])
    assert clear.exit_code == 0, clear.output
    assert not (root / ".itsmkit").exists()


def test_compiled_templates_change_no_output(
    example_copy: Path, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ITSMKIT_NO_CACHE", raising=False)
    args = ["render", "sla", "SLA-CIMES-2026", "-f", "md", "-f", "docx", "-C", str(example_copy)]
    outputs = []
    for n in range(2):
        out = tmp_path / f"out{n}"
        done = runner.invoke(app, [*args, "-o", str(out)])
        assert done.exit_code == 0, done.output
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    compiled = list((tmp_path / "xdg" / "itsmkit" / "templates").iterdir())
    assert compiled, "no compiled template was kept"
    assert outputs[0] == outputs[1]
    for path in compiled:
        path.write_bytes(b"damaged")
    out = tmp_path / "out-damaged"
    done = runner.invoke(app, [*args, "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert {p.name: p.read_bytes() for p in sorted(out.iterdir())} == outputs[0]
    shutil.rmtree(tmp_path / "xdg")


def test_one_zip_pass_gives_the_bytes_of_save_and_normalise() -> None:
    import io

    import docx

    from itsmkit.render import docx_save, docx_writer
    from itsmkit.render.markdown import parse

    blocks = parse("# Title\n\nSome *text* and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    meta = docx_writer.DocMeta(
        organisation="Acme", doc_id="SLA-1", title="Title", subject="SLA", lang="en", draft=False
    )
    docx_writer._PACKAGES.clear()
    docx_writer._STYLE_IDS.clear()
    first = docx_writer.write_docx(blocks, meta)  # base package and style ids read...
    assert docx_writer.write_docx(blocks, meta) == first  # ...then remembered: same bytes
    # The docxtpl path saves a python-docx document in one zip pass.
    doc = docx.Document()
    doc.add_paragraph("x")
    members = docx_save._members(doc)
    assert members is not None and "[Content_Types].xml" in members
    buffer = io.BytesIO()
    doc.save(buffer)
    assert docx_save.save_deterministic(doc) == docx_save.normalise_zip(buffer.getvalue())


def test_a_well_signed_file_of_the_wrong_shape_is_ignored(make_repo, trusted) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    root = make_repo({"roles/owner.yaml": ROLE})
    issues_of(root, cached=True)
    verdict = root / ".itsmkit" / "cache" / rulecache.FILE_NAME
    head = len(rulecache.MAGIC) + 2 + 20
    for payload in (
        {"files": {"itsmkit.yaml": 5}, "results": []},
        {"files": {"itsmkit.yaml": ((1, 2, 3, 4), "not bytes")}, "results": []},
        {"files": {}, "results": [5]},
        {"files": {}, "results": [(b"k", b"f", ["not an issue"])]},
    ):
        blob = pickle.dumps(payload)
        header = verdict.read_bytes()[:head] if verdict.exists() else None
        assert header is not None
        verdict.write_bytes(header + hashlib.blake2b(blob, digest_size=20).digest() + blob)
        counting = Counting()
        assert issues_of(root, cached=True, rules=counting) == issues_of(root, cached=False)
        assert counting.calls == 1
