"""The file cache: cached and uncached runs give byte-identical reports, whatever happens.

Every step of a repository's life (edits, renames, deletions, a same-size edit that keeps
the mtime, a corrupt, truncated, foreign or planted cache file) is validated three times:
without the cache, with it (updating it) and with it again (reusing it); the JSON reports
and exit codes must be the same bytes.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itsmkit import incremental
from itsmkit.cli.app import app
from itsmkit.config import Limits
from itsmkit.repo import cache as cache_mod
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
    env = cache_mod.environment_key(Limits())
    assert cache_mod.decode_shard(blob, env) is not None
    assert cache_mod.decode_shard(blob, cache_mod.environment_key(Limits(max_depth=65))) is None
    assert cache_mod.decode_shard(blob, bytes(len(env))) is None
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
    env = cache_mod.environment_key(Limits())
    payload = pickle.dumps({"incidents/INC-1.yaml": _Boom()})
    # A well-formed header with the right key and digest: only the allow-list stands.
    planted = cache_mod._header(env, payload) + payload
    folder = root / cache_mod.CACHE_DIR
    folder.mkdir(parents=True)
    (folder / "1-0.pack").write_bytes(planted)
    assert cache_mod.decode_shard(planted, env) is None
    assert run(root) == expected
    assert not (root / "PWNED").exists()
    with pytest.raises(cache_mod.ForbiddenGlobalError):
        cache_mod._safe_loads(payload)


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
