"""The file cache: cached and uncached runs give byte-identical reports, whatever happens.

Every step of a repository's life (edits, renames, deletions, a same-size edit that keeps
the mtime, a corrupt, truncated, foreign or planted cache file) is validated three times:
without the cache, with it (updating it) and with it again (reusing it); the JSON reports
and exit codes must be the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itsmkit import incremental
from itsmkit.cli.app import app
from itsmkit.config import Limits
from itsmkit.repo import cache as cache_mod
from itsmkit.repo import codekey
from itsmkit.repo.loader import load_repository

runner = CliRunner()

SERVICE = """\
kind: service
id: SVC-MAIL
schema_version: 1
title: Mail
version: '1.0'
status: draft
owner: P-ALICE
code: MAIL
name: Mail
service_status: pipeline
description: Hosted mail
service_owner: P-ALICE
"""


def incident(ident: str, *, service: str = "SVC-MAIL", extra: str = "") -> str:
    """An incident record; ``extra`` lines are appended (to break or pad it)."""
    return (
        f"kind: incident\nid: {ident}\nschema_version: 1\ntitle: Slow mail\n"
        f"service: {service}\npriority: P2\nstatus: new\nopened: 2024-03-01T09:00:00+01:00\n"
        f"{extra}"
    )


BATCH = """\
kind: batch
of: incident
schema_version: 1
items:
  - id: INC-B1
    title: First
    service: SVC-MAIL
    priority: P3
    status: new
    opened: 2024-03-02T09:00:00+01:00
  - id: INC-B2
    title: Second
    service: SVC-NOPE
    priority: P9
    status: new
    opened: 2024-03-02T10:00:00+01:00
"""


def run(root: Path, *args: str) -> tuple[int, str]:
    """``itsmkit validate -f json`` on ``root``: exit code and output."""
    result = runner.invoke(
        app, ["validate", "-f", "json", "--today", "2025-01-01", *args, str(root)]
    )
    return result.exit_code, result.stdout


def same_either_way(root: Path) -> tuple[int, str]:
    """Validate without, with, and with the cache again; all three must be identical."""
    uncached = run(root, "--no-cache")
    filled = run(root)
    reused = run(root)
    assert filled == uncached
    assert reused == uncached
    return uncached


def shards(root: Path) -> list[Path]:
    """The cache's shard files."""
    return sorted((root / cache_mod.CACHE_DIR).glob("*.pack"))


def age(root: Path, seconds: int = 3600) -> None:
    """Make every file look written ``seconds`` ago, so the stat fast path trusts it."""
    for path in root.rglob("*.yaml"):
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def test_reports_are_byte_identical_through_edits_renames_deletions_and_bad_caches(  # type: ignore[no-untyped-def]
    make_repo, monkeypatch
) -> None:
    root = make_repo(
        {
            "services/mail.yaml": SERVICE,
            "incidents/INC-1.yaml": incident("INC-1"),
            "incidents/INC-2.yaml": incident("INC-2", service="SVC-GONE"),
            "incidents/INC-3.yaml": incident("INC-3", extra="colour: blue\n"),  # unknown key
            "incidents/2024-03.yaml": BATCH,
            "notes/todo.yaml": incident("INC-4", extra="summary: '[[to fill]]'\n"),
            "broken.yaml": "kind: incident\nid: [unclosed\n",
        }
    )
    seen = {same_either_way(root)}
    assert shards(root), "the cached run wrote the cache"
    assert (root / cache_mod.CACHE_DIR / ".gitignore").read_text(encoding="utf-8").endswith("*\n")

    # An edit that fixes one file and breaks another.
    (root / "incidents/INC-3.yaml").write_text(incident("INC-3"), encoding="utf-8")
    (root / "incidents/INC-1.yaml").write_text(incident("INC-1", extra="priority: high\n"))
    seen.add(same_either_way(root))
    # A rename: same bytes, another path (issues name the new file).
    (root / "incidents/INC-2.yaml").rename(root / "incidents/moved-INC-2.yaml")
    seen.add(same_either_way(root))
    # A deletion that leaves a dangling reference, and a new file.
    (root / "services/mail.yaml").unlink()
    (root / "incidents/INC-5.yaml").write_text(incident("INC-5"), encoding="utf-8")
    seen.add(same_either_way(root))
    # The service comes back with another id: the references change meaning.
    (root / "services/mail.yaml").write_text(SERVICE.replace("SVC-MAIL", "SVC-GONE"))
    seen.add(same_either_way(root))
    assert len(seen) == 5, "each step changed the report: the comparison is not vacuous"

    # Same size, mtime put back: only ctime and the bytes tell (the stat path must not lie).
    age(root)
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)  # trust every stat: only ctime can tell
    assert run(root) == run(root, "--no-cache")
    load_repository(root, cache=True)  # the full load learns the stats of its own entries
    assert load_repository(root, cache=True).cache.by_stat == 9  # type: ignore[union-attr]
    assert incremental.run(root).stats.by_stat == 9  # validate's index learnt them in run()
    path = root / "incidents/INC-5.yaml"
    before = path.stat()
    path.write_text(incident("INC-6"), encoding="utf-8")  # same length as INC-5
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    seen.add(same_either_way(root))
    assert len(seen) == 6

    expected = run(root, "--no-cache")
    # A corrupt shard, a truncated one, an empty one, one of another version: all rebuilt.
    for damage in (
        lambda b: b[:20] + b"\xff" * 50 + b[70:],
        lambda b: b[: len(b) // 2],
        lambda b: b"",
        lambda b: b.replace(cache_mod.MAGIC, b"itsmkit-cachf\n", 1),
        lambda b: b[: len(cache_mod.MAGIC)] + b"\x00\x09" + b[len(cache_mod.MAGIC) + 2 :],
    ):
        for shard in shards(root):
            shard.write_bytes(damage(shard.read_bytes()))
        assert run(root) == expected
        assert run(root) == expected


def test_unchanged_files_are_neither_read_nor_parsed_again(make_repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    files = {f"incidents/INC-{i}.yaml": incident(f"INC-{i}") for i in range(30)}
    root = make_repo({"services/mail.yaml": SERVICE, **files})
    first = load_repository(root, cache=True).cache
    assert first is not None and first.parsed == 32
    fresh = load_repository(root, cache=True).cache
    # Written seconds ago: the stat could still change within the clock's step, so the
    # bytes are hashed, but nothing is parsed.
    assert fresh is not None and (fresh.parsed, fresh.by_digest) == (0, 32)
    age(root)  # the mtime; the ctime is now, so the stat is still not trusted...
    assert load_repository(root, cache=True).cache.by_digest == 32  # type: ignore[union-attr]
    monkeypatch.setattr(cache_mod, "RACY_NS", 0)  # ...until it is old enough
    load_repository(root, cache=True)  # learns the stat
    warm = load_repository(root, cache=True).cache
    assert warm is not None and (warm.by_stat, warm.parsed, warm.shards_written) == (32, 0, 0)
    (root / "incidents/INC-7.yaml").write_text(incident("INC-7", extra="status: lost\n"))
    edited = load_repository(root, cache=True)
    assert edited.cache is not None and edited.cache.parsed == 1
    assert [i.code for i in edited.issues] == [
        i.code for i in load_repository(root, cache=False).issues
    ]
    assert load_repository(root, cache=False).cache is None


def test_other_code_or_limits_never_reuse_entries(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"incidents/INC-1.yaml": incident("INC-1")})
    load_repository(root, cache=True)
    blob = shards(root)[0].read_bytes()
    env = cache_mod.environment_key(Limits(), "Europe/Paris")
    assert cache_mod.decode_shard(blob, env) is not None
    assert (
        cache_mod.decode_shard(
            blob, cache_mod.environment_key(Limits(max_depth=65), "Europe/Paris")
        )
        is None
    )
    assert cache_mod.decode_shard(blob, bytes(len(env))) is None
    # Another time zone reads timestamps without an offset otherwise: its own key.
    assert cache_mod.decode_shard(blob, cache_mod.environment_key(Limits(), "UTC")) is None
    # Other limits in itsmkit.yaml: its own key, everything parsed again.
    config = root / "itsmkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "limits:\n  max_depth: 80\n")
    stats = load_repository(root, cache=True).cache
    assert stats is not None and stats.shards_rejected == 1 and stats.parsed == 2


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch PWNED",))


def test_a_planted_cache_file_cannot_run_code(make_repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"incidents/INC-1.yaml": incident("INC-1")})
    monkeypatch.chdir(root)
    expected = run(root, "--no-cache")
    env = cache_mod.environment_key(Limits(), "Europe/Paris")
    payload = pickle.dumps({"incidents/INC-1.yaml": _Boom()})
    # A well-formed header with the right key and digest: only the allow-list stands.
    planted = cache_mod.seal(cache_mod.MAGIC, cache_mod.FORMAT, env, payload)
    folder = root / cache_mod.CACHE_DIR
    folder.mkdir(parents=True)
    (folder / "1-0.pack").write_bytes(planted)
    assert cache_mod.decode_shard(planted, env) is None
    assert run(root) == expected
    assert not (root / "PWNED").exists()
    with pytest.raises(cache_mod.ForbiddenGlobalError):
        cache_mod.safe_loads(payload)


def test_concurrent_runs_agree_and_leave_a_usable_cache(make_repo) -> None:  # type: ignore[no-untyped-def]
    files = {f"incidents/INC-{i}.yaml": incident(f"INC-{i}", service="SVC-X") for i in range(40)}
    root = make_repo(files)
    expected = run(root, "--no-cache")[1]
    command = [sys.executable, "-m", "itsmkit", "validate", "-f", "json", "--today", "2025-01-01"]
    for _ in range(2):
        procs = [
            subprocess.Popen([*command, str(root)], stdout=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        outputs = [p.communicate()[0] for p in procs]
        assert outputs == [expected] * 3
        (root / "incidents/INC-0.yaml").write_text(incident("INC-0"))
        expected = run(root, "--no-cache")[1]
    assert not list((root / cache_mod.CACHE_DIR).glob("*.tmp"))
    assert run(root) == run(root, "--no-cache")


def test_cache_clear_and_the_switches(make_repo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"incidents/INC-1.yaml": incident("INC-1")})
    run(root, "--no-cache")
    assert not (root / ".itsmkit").exists(), "--no-cache writes nothing"
    monkeypatch.setenv(cache_mod.ENV_DISABLE, "1")
    run(root)
    assert not (root / ".itsmkit").exists(), "ITSMKIT_NO_CACHE writes nothing"
    monkeypatch.delenv(cache_mod.ENV_DISABLE)
    run(root)
    assert shards(root)
    (root / ".itsmkit/schemas").mkdir()  # what init puts beside it stays
    result = runner.invoke(app, ["cache", "clear", "-C", str(root / "incidents")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("removed ")
    assert not (root / cache_mod.CACHE_DIR).exists()
    assert (root / ".itsmkit/schemas").is_dir()
    again = runner.invoke(app, ["cache", "clear", "-C", str(root)])
    assert (again.exit_code, again.stdout) == (0, "no cache to clear\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only folders")
def test_a_read_only_repository_still_validates(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"incidents/INC-1.yaml": incident("INC-1")})
    root.chmod(0o555)
    try:
        assert run(root) == run(root, "--no-cache")
    finally:
        root.chmod(0o755)


def test_an_unwritable_cache_is_no_error(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"incidents/INC-1.yaml": incident("INC-1")})
    (root / ".itsmkit").mkdir()
    (root / cache_mod.CACHE_DIR).write_text("a file where the folder should be")
    assert run(root) == run(root, "--no-cache")


def test_the_cache_is_ignored_by_git(git_repo) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import git

    root = git_repo()
    run(root)
    assert shards(root)
    assert git(root, "status", "--porcelain", "--ignored") == "!! .itsmkit/\n"


def test_shards_grow_in_powers_of_two() -> None:
    assert cache_mod.shard_count(0) == 1
    assert cache_mod.shard_count(cache_mod.ENTRIES_PER_SHARD) == 1
    assert cache_mod.shard_count(cache_mod.ENTRIES_PER_SHARD + 1) == 2
    assert cache_mod.shard_count(10**9) == cache_mod.MAX_SHARDS
    assert {cache_mod.shard_of(f"f{i}.yaml", 8) for i in range(200)} == set(range(8))


def test_commands_that_write_nothing_only_read_the_cache(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"incidents/INC-1.yaml": incident("INC-1")})
    read_only = load_repository(root)
    assert read_only.cache is not None and read_only.cache.parsed == 2
    assert not (root / ".itsmkit").exists(), "a read-only load creates nothing"
    load_repository(root, cache=True)  # render and audit update the file cache
    before = {p: p.stat().st_mtime_ns for p in shards(root)}
    (root / "incidents/INC-2.yaml").write_text(incident("INC-2"), encoding="utf-8")
    stats = load_repository(root).cache
    assert stats is not None and (stats.by_digest, stats.parsed, stats.shards_written) == (2, 1, 0)
    assert {p: p.stat().st_mtime_ns for p in shards(root)} == before
    assert [i.code for i in load_repository(root).issues] == [
        i.code for i in load_repository(root, cache=False).issues
    ]


# --- the incremental validator over a real repository's cross-file rules ---------------

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "alpes-hebergement"
EXAMPLE_PARTS = (
    "itsmkit.yaml",
    "agreements",
    "parties",
    "services",
    "organisation",
    "records/2026-07",  # incidents, requests and the service reports that count them
)
FORMATS = ("json", "text", "sarif", "junit", "github")
JUNIT_TIME = re.compile(r'time="[0-9.]+"')


def example_subset(tmp_path: Path) -> Path:
    """SLAs, UCs, customers, suppliers, services, people and a month of records."""
    root = tmp_path / "example"
    for part in EXAMPLE_PARTS:
        source, target = EXAMPLE / part, root / part
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return root


def every_format(root: Path, *args: str) -> list[tuple[int, str]]:
    """``validate`` in each output format: exit codes and outputs (JUnit's time blanked)."""
    out = []
    for fmt in FORMATS:
        result = runner.invoke(app, ["validate", "-f", fmt, *args, str(root)])
        assert result.exit_code in (0, 1), result.output
        out.append((result.exit_code, JUNIT_TIME.sub('time=""', result.stdout)))
    return out


def identical(root: Path, day: str) -> str:
    """Every format without the cache, then with it (the first run fills, the rest reuse)."""
    uncached = every_format(root, "--no-cache", "--today", day)
    cached = every_format(root, "--today", day)
    assert cached == uncached
    assert every_format(root, "--today", day) == uncached  # and from the memo
    return uncached[0][1]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_incremental_reports_match_full_runs_in_every_format(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    root = example_subset(tmp_path)
    day = "2026-12-01"
    seen = [identical(root, day)]
    # Another day on the same side of every date: the day's issues are reused as they are.
    assert incremental.run(root, today=dt.date(2026, 12, 2)).stats.relocal == 0
    seen.append(identical(root, "2026-12-02"))
    # A day past reviews due: documents become overdue (their issues name the day).
    seen.append(identical(root, "2027-06-01"))
    assert incremental.run(root, today=dt.date(2027, 6, 2)).stats.relocal > 0
    records = root / "records/2026-07"
    # A service report's figure that the records contradict (the figures rule reruns).
    edit(records / "rs-cimes.yaml", "measured_value: 99.57", "measured_value: 90.0")
    seen.append(identical(root, day))
    # An incident opened after it was acknowledged (dates, and the figures again).
    edit(
        records / "incidents.yaml",
        "opened: 2026-07-01T08:01:00+02:00",
        "opened: 2026-07-30T08:01:00+02:00",
    )
    stats = incremental.run(root, today=dt.date(2026, 12, 1)).stats
    assert stats.parsed == 1 and "figures" in stats.rules_run
    assert "slas" not in stats.rules_run and "contracts" not in stats.rules_run
    seen.append(identical(root, day))
    # An SLA without its price; a customer without its legal name (the contract rule).
    edit(
        root / "agreements/slas/sla-cimes.yaml",
        "price: {amount: 780.00, tax: excl, per: month}\n",
        "",
    )
    seen.append(identical(root, day))
    edit(root / "parties/customers/cimes-sports.yaml", "legal_name: Cimes Sports SARL\n", "")
    stats = incremental.run(root, today=dt.date(2026, 12, 1)).stats
    # Customers are read by the contract rule (and figures, keyed by every file), not SLAs'.
    assert stats.rules_run == ["contracts", "figures"]
    seen.append(identical(root, day))
    # A deleted customer (dangling references), a duplicated service, renamed.
    (root / "parties/customers/vercors-notaires.yaml").unlink()
    seen.append(identical(root, day))
    shutil.copy(root / "services/svc-web.yaml", root / "services/copy-of-web.yaml")
    seen.append(identical(root, day))
    (root / "services/copy-of-web.yaml").rename(root / "services/copied-web.yaml")
    seen.append(identical(root, day))
    # An SLA that fails validation (no service-no-sla cascade), broken YAML, an exclude.
    edit(root / "agreements/slas/sla-gresivaudan.yaml", "\nid: ", "\ncolour: blue\nid: ")
    (root / "services/broken.yaml").write_text("kind: service\nid: [unclosed\n")
    seen.append(identical(root, day))
    edit(
        root / "itsmkit.yaml",
        'exclude: ["imports/*"]',
        'exclude: ["imports/*", "services/copied-*"]',
    )
    seen.append(identical(root, day))
    dupes = [i for i, s in enumerate(seen) if s in seen[:i]]
    assert dupes == [1], "every step but the next day changed the report: not vacuous"
    assert incremental.run(root, today=dt.date(2026, 12, 1)).stats.final_memo


def test_a_bad_or_foreign_index_is_rebuilt(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import itsmkit

    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    root = example_subset(tmp_path)
    edit(
        root / "agreements/slas/sla-cimes.yaml",
        "price: {amount: 780.00, tax: excl, per: month}\n",
        "",
    )
    expected = identical(root, "2026-12-01")
    index = cache_mod.index_path(root)
    good = index.read_bytes()
    at = len(cache_mod.INDEX_MAGIC)
    for damaged in (
        good[:40] + b"\xff" * 64 + good[104:],  # corrupt
        good[: len(good) // 2],  # truncated
        b"",  # empty
        good.replace(cache_mod.INDEX_MAGIC, b"itsmkit-indey\n", 1),  # not ours
        good[:at] + b"\x00\x09" + good[at + 2 :],  # another format
        good[: at + 2] + bytes(20) + good[at + 22 :],  # another version's key
    ):
        index.write_bytes(damaged)
        result = incremental.run(root, today=dt.date(2026, 12, 1))
        assert result.stats.index_rejected and not result.stats.final_memo
        assert run_json(root) == expected
        assert incremental.run(root, today=dt.date(2026, 12, 1)).stats.final_memo
    # A cache written by another version of itsmkit, for real.
    monkeypatch.setattr(itsmkit, "__version__", "0.0.0-other")
    monkeypatch.setattr(cache_mod, "_env_key", {})
    monkeypatch.setattr(codekey, "_known", {})  # and the code's digest is not remembered
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user-cache"))
    foreign = run_json(root)  # writes an index under that version's key
    assert index.read_bytes() != good
    monkeypatch.undo()
    monkeypatch.setattr(cache_mod, "_env_key", {})
    assert incremental.run(root, today=dt.date(2026, 12, 1)).stats.index_rejected
    assert run_json(root) == expected == foreign
    # A planted index with a valid header: the plain unpickler builds no object at all.
    from itsmkit.repo.root import load_config

    config = load_config(root)[0]
    assert config is not None
    env = cache_mod.environment_key(Limits(), config.time_zone)
    payload = pickle.dumps(({}, {}, {"final": (b"", _Boom())}))
    check = hashlib.blake2b(payload, digest_size=20).digest()
    index.write_bytes(cache_mod.INDEX_MAGIC + b"\x00\x03" + env + check + payload)
    monkeypatch.chdir(root)
    assert run_json(root) == expected
    assert not (root / "PWNED").exists()
    with pytest.raises(cache_mod.ForbiddenGlobalError):
        cache_mod.plain_loads(payload)


def run_json(root: Path) -> str:
    result = runner.invoke(app, ["validate", "-f", "json", "--today", "2026-12-01", str(root)])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_read_only_validation_writes_no_index(make_repo) -> None:  # type: ignore[no-untyped-def]
    from itsmkit.validator import report

    root = make_repo({"incidents/INC-1.yaml": incident("INC-1")})
    first = report(root, cache=None)
    assert not (root / ".itsmkit").exists()
    run(root)
    before = cache_mod.index_path(root).read_bytes()
    (root / "incidents/INC-2.yaml").write_text(incident("INC-2", service="SVC-NONE"))
    assert (
        [i.code for i in report(root, cache=None).issues]
        == [i.code for i in report(root, cache=False).issues]
        != [i.code for i in first.issues]
    )
    assert cache_mod.index_path(root).read_bytes() == before


def test_the_incremental_validator_knows_every_repository_rule() -> None:
    """run_all's rules, in order, are those the incremental validator reproduces."""
    import ast
    import inspect

    from itsmkit.rules import repository

    tree = ast.parse(inspect.getsource(repository.run_all))
    called = [
        node.args[0].func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "extend"
        and node.args
        and isinstance(node.args[0], ast.Call)
        and isinstance(node.args[0].func, ast.Name)
    ]
    assert tuple(called) == incremental.RULES, (
        "a rule was added to run_all: teach itsmkit/incremental.py (_summarise for a rule"
        " that reads one artefact, a memoised rule in _assemble otherwise)"
    )


def test_a_warm_validate_with_nothing_changed_builds_no_artefact_model(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({f"incidents/INC-{i}.yaml": incident(f"INC-{i}") for i in range(5)})
    run(root)  # fills the cache
    probe = (
        "import sys, datetime\nfrom pathlib import Path\nfrom itsmkit.validator import report\n"
        f"r = report(Path({str(root)!r}), today=datetime.date(2025, 1, 1), cache=True)\n"
        "print(len(r.issues), 'itsmkit.model.registry' in sys.modules,"
        " 'itsmkit.repo.loader' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    from itsmkit.validator import report

    issues = report(root, today=dt.date(2025, 1, 1), cache=False).issues
    assert issues, "a report with issues: they come from the memo"
    assert done.stdout.split() == [str(len(issues)), "False", "False"]


def test_the_incremental_validator_defaults_to_the_loaders_time_zone(tmp_path: Path) -> None:
    """One default zone: the configuration's, which the incremental run and loader use."""
    from itsmkit import incremental
    from itsmkit.config import DEFAULT_TIME_ZONE, Config

    assert Config.model_fields["time_zone"].default == DEFAULT_TIME_ZONE
    state = incremental.RunState(tmp_path, None, dt.date(2026, 12, 1), write=False)
    assert state.time_zone == DEFAULT_TIME_ZONE
