"""Named faults: bad file systems, hostile templates and interrupted writes.

The table ``FAULTS`` is data: the tree (files, FIFOs, devices, links), the command, the
expected exit code and the words the message must hold. Each runs as a real subprocess
with a timeout, so a hang (a FIFO read) fails the test instead of blocking it. Faults
that cannot be staged on a real disk (a full disk, a read-only folder for root) patch
the operating-system call in-process and check that nothing was half-written.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.conftest import build_file_tree, git
from typer.testing import CliRunner

from itsmkit.cli.app import app

runner = CliRunner()

CONFIG = "organisation: Acme\nscope: Hosting for small businesses.\n"
PERSON = "kind: person\nid: P-A\nschema_version: 1\nname: A\n"
# The person holds the role that owns improvement, so `audit --write` proposes actions.
OWNER_ROLE = """\
kind: role
id: ROLE-RGS
schema_version: 1
code: RGS
name: Service manager
processes: [improvement]
"""
BASE: dict[str, str | bytes] = {
    "itsmkit.yaml": CONFIG,
    "people/a.yaml": PERSON + "roles: [ROLE-RGS]\n",
    "roles/rgs.yaml": OWNER_ROLE,
}
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass(frozen=True)
class Fault:
    """One bad situation, the command that meets it, and what the user must be told."""

    name: str
    args: tuple[str, ...]  # {root} is the repository, {tmp} the test's folder
    code: int
    says: tuple[str, ...]  # fragments of stdout + stderr, in any order
    files: dict[str, str | bytes] = field(default_factory=dict)
    nodes: tuple[tuple[str, str, str], ...] = ()  # (kind, path, link target)
    env: dict[str, str] = field(default_factory=dict)
    unchanged: tuple[str, ...] = ()  # node paths that must still be what they were
    needs_root: bool = False


FAULTS = [
    Fault(
        "fifo-named-yaml-does-not-block-validate",
        ("validate", "{root}"),
        0,
        ("pipe.yaml:1:1: info path-not-regular", "skipped"),
        nodes=(("fifo", "pipe.yaml", ""),),
    ),
    Fault(
        "fifo-configuration-is-named",
        ("validate", "{root}"),
        2,
        ("itsmkit.yaml: is a FIFO (named pipe), not a regular file", "regular files only"),
        files={"itsmkit.yaml": ""},
        nodes=(("fifo", "itsmkit.yaml", ""),),
    ),
    Fault(
        "device-named-yaml-is-skipped",
        ("validate", "{root}"),
        0,
        ("zero.yaml:1:1: info path-not-regular",),
        nodes=(("device", "zero.yaml", ""),),
        needs_root=True,
    ),
    Fault(
        "undecodable-file-name-is-skipped-and-shown-escaped",
        ("validate", "{root}"),
        0,
        ("people/b\\xff.yaml:1:1: warning path-name-undecodable", "Rename it"),
        files={"people/b\udcff.yaml": PERSON.replace("P-A", "P-B")},
    ),
    Fault(
        "output-onto-a-fifo",
        ("trace", "{root}", "-o", "{root}/out"),
        2,
        ("out: refusing to write over a FIFO (named pipe)", "use `-o -` or /dev/stdout"),
        nodes=(("fifo", "out", ""),),
        unchanged=("out",),
    ),
    Fault(
        "output-onto-a-device",
        ("trace", "{root}", "-o", "{root}/null"),
        2,
        ("null: refusing to write over a device",),
        nodes=(("device", "null", ""),),
        unchanged=("null",),
        needs_root=True,
    ),
    Fault(
        "output-onto-a-symlink",
        ("trace", "{root}", "-o", "{root}/link.txt"),
        2,
        ("link.txt: refusing to write over a symbolic link", "remove it or choose another"),
        files={"real.txt": "keep me\n"},
        nodes=(("symlink", "link.txt", "real.txt"),),
        unchanged=("link.txt", "real.txt"),
    ),
    Fault(
        "init-over-a-fifo-neither-blocks-nor-replaces-it",
        ("init", "{root}", "--yes", "--no-git", "--force"),
        2,
        ("itsmkit.yaml: refusing to write over a FIFO (named pipe)",),
        files={"itsmkit.yaml": ""},
        nodes=(("fifo", "itsmkit.yaml", ""),),
        unchanged=("itsmkit.yaml",),
    ),
    Fault(
        "output-is-a-folder",
        ("trace", "{root}", "-o", "{root}/people"),
        2,
        ("people: refusing to write over a folder", "Give a file name inside the folder"),
    ),
    Fault(
        "output-is-an-empty-path",
        ("trace", "{root}", "-o", ""),
        2,
        ("an empty argument was given", "write `.` for the current folder"),
    ),
    Fault(
        "empty-repository-argument",
        ("validate", ""),
        2,
        ("an empty argument was given",),
    ),
    Fault(
        "schema-output-empty-writes-nothing-here",
        ("schema", "-o", ""),
        2,
        ("an empty argument was given",),
    ),
    Fault(
        "output-dash-is-standard-output",
        ("trace", "{root}", "-o", "-", "--format", "csv"),
        0,
        ("clause",),
    ),
    Fault(
        "output-dev-stdout-is-written-through",
        ("trace", "{root}", "-o", "/dev/stdout", "--format", "csv"),
        0,
        ("clause", "written /dev/stdout"),
    ),
    Fault(
        "schema-output-over-a-file",
        ("schema", "-o", "{root}/itsmkit.yaml"),
        2,
        ("itsmkit.yaml exists and is not a folder", "Give a folder"),
    ),
    Fault(
        "output-under-a-file",
        ("trace", "{root}", "-o", "{root}/itsmkit.yaml/x.txt"),
        2,
        ("itsmkit.yaml/x.txt: not a directory", "A part of the path is a file"),
    ),
    Fault(
        "ascii-terminal",
        ("audit", "{root}", "--lang", "en"),
        0,
        ("not ready: ", "\\u2014 readiness"),
        env={"PYTHONIOENCODING": "ascii"},
    ),
    Fault(
        "huge-duration-is-a-validation-issue",
        ("validate", "{root}"),
        1,
        ("sla.yaml:", "is too long (at most 999999999 days)"),
        files={
            "sla.yaml": "kind: sla\nid: SLA-X\nschema_version: 1\ntargets:\n"
            "  per_priority:\n    - {priority: P1, response: 9999999999d, resolution: 2h}\n"
        },
    ),
    Fault(
        "batch-with-a-non-string-key",
        ("validate", "{root}"),
        1,
        ("b.yaml:5:5: error schema-value", "key 5 is not text"),
        files={"b.yaml": "kind: batch\nof: action\nschema_version: 1\nitems:\n  - 5: x\n"},
    ),
]


def _make_node(root: Path, kind: str, rel: str, target: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # a private /dev/zero
    elif kind == "symlink":
        path.symlink_to(target)


def _identity(path: Path) -> tuple[int, int, bytes]:
    info = path.lstat()
    data = path.read_bytes() if stat.S_ISREG(info.st_mode) else b""
    return info.st_mode, info.st_ino, data


def run(
    args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "itsmkit", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})},
    )
    assert done.returncode >= 0, f"killed by signal {-done.returncode}"
    for text in (done.stdout, done.stderr):
        assert "Traceback" not in text
        assert "internal error" not in text
        assert "bug in itsmkit" not in text
    return done


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_is_named(tmp_path: Path, fault: Fault) -> None:
    if fault.needs_root and not IS_ROOT:
        pytest.skip("creating a device node needs root")
    root = tmp_path / "repo"
    for rel, content in {**BASE, **fault.files}.items():
        path = root / rel  # a lone surrogate stands for an undecodable byte (surrogateescape)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    for kind, rel, target in fault.nodes:
        _make_node(root, kind, rel, target)
    before = {rel: _identity(root / rel) for rel in fault.unchanged}
    args = [a.format(root=root, tmp=tmp_path) for a in fault.args]
    done = run(args, fault.env, cwd=tmp_path)  # a relative or empty path lands in tmp_path
    said = done.stdout + done.stderr
    assert done.returncode == fault.code, said
    for fragment in fault.says:
        assert fragment in said, said
    for rel, identity in before.items():
        assert _identity(root / rel) == identity, f"{rel} was changed"


# -- templates: read only from inside templates/ ------------------------------------------

SECRET = "itsmkit-secret-7f3a"


@pytest.fixture
def example(tmp_path: Path, example_copy: Path) -> Path:
    (example_copy / "templates").mkdir(exist_ok=True)
    return example_copy


def render_sla(root: Path, out: Path, env: dict[str, str] | None = None) -> str:
    done = run(
        ["render", "sla", "SLA-CIMES-2026", "-l", "fr", "-C", str(root), "-o", str(out)], env
    )
    assert done.returncode == 2, done.stdout + done.stderr
    if out.exists():
        for path in out.rglob("*"):
            if path.is_file():
                assert SECRET not in path.read_text(errors="replace")
                assert "root:x:0:0" not in path.read_text(errors="replace")
    return done.stderr


def test_template_linked_to_the_password_file_is_refused(example: Path, tmp_path: Path) -> None:
    (example / "templates/sla.fr.md.j2").symlink_to("/etc/passwd")
    said = render_sla(example, tmp_path / "out")
    assert "templates/sla.fr.md.j2: refused, a link leading outside the folder" in said
    assert "(/etc/passwd)" in said


def test_included_link_to_the_environment_is_refused(example: Path, tmp_path: Path) -> None:
    (example / "templates/_env.j2").symlink_to("/proc/self/environ")
    (example / "templates/sla.fr.md.j2").write_text('{% include "_env.j2" %}\n')
    said = render_sla(example, tmp_path / "out", {"ITSMKIT_TEST_SECRET": SECRET})
    assert "templates/_env.j2: refused, a link leading outside the folder" in said


def test_include_climbing_out_is_not_found(example: Path, tmp_path: Path) -> None:
    (example / "templates/sla.fr.md.j2").write_text('{% include "../../etc/passwd" %}\n')
    said = render_sla(example, tmp_path / "out")
    assert "../../etc/passwd: template not found" in said


def test_template_folder_linked_elsewhere_is_refused(example: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "sla.fr.md.j2").write_text(SECRET)
    (example / "templates").rmdir()
    (example / "templates").symlink_to(elsewhere)
    said = render_sla(example, tmp_path / "out")
    assert "the folder is a link leading outside the repository" in said


def test_fifo_template_does_not_block(example: Path, tmp_path: Path) -> None:
    os.mkfifo(example / "templates/sla.fr.md.j2")
    said = render_sla(example, tmp_path / "out")
    assert "templates/sla.fr.md.j2: refused, not a regular file" in said


def test_link_inside_the_template_folder_still_works(example: Path, tmp_path: Path) -> None:
    (example / "templates/mine.j2").write_text("SLA {{ doc.number }}\n")
    (example / "templates/sla.fr.md.j2").symlink_to("mine.j2")
    out = tmp_path / "out"
    done = run(["render", "sla", "SLA-CIMES-2026", "-l", "fr", "-C", str(example), "-o", str(out)])
    assert done.returncode == 0, done.stderr
    assert [p.read_text() for p in out.rglob("*.md")] == ["SLA SLA-2026-003\n"]


def test_reference_docx_outside_the_repository_is_refused(example: Path, tmp_path: Path) -> None:
    config = example / "itsmkit.yaml"
    config.write_text(config.read_text() + "reference_docx: ../../../../etc/passwd\n")
    said = render_sla(example, tmp_path / "out")
    assert "leads outside the repository" in said


# -- writes are transactions ---------------------------------------------------------------

AUDIT_FILES = {"audit-report.yaml", "findings.yaml", "actions.yaml", "action-plan.yaml"}


def small_repo(tmp_path: Path) -> Path:
    return build_file_tree(tmp_path / "repo", dict(BASE))


def audit_folder(root: Path) -> list[Path]:
    return sorted((root / "audits").glob("*")) if (root / "audits").exists() else []


KILLER = textwrap.dedent(
    """
    import os, pathlib, sys
    moves, kill_at, when = 0, int(sys.argv[1]), sys.argv[2]
    real = pathlib.Path.replace
    def replace(self, target):
        global moves
        if self.parent.name.startswith(".itsmkit-txn-") and self.name != "journal.json.tmp":
            moves += 1
            if moves == kill_at:
                os.kill(os.getpid(), 9)
        return real(self, target)
    pathlib.Path.replace = replace
    if when == "staging":
        real_fsync = os.fsync
        count = 0
        def fsync(fd):
            global count
            count += 1
            if count == 2:
                os.kill(os.getpid(), 9)
            return real_fsync(fd)
        os.fsync = fsync
    from itsmkit.cli.app import main
    sys.argv = ["itsmkit", *sys.argv[3:]]
    main()
    """
)


def killed_run(when: str, move: int, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(move), when, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -9, done.stdout + done.stderr


def test_kill_during_the_moves_is_finished_by_the_rerun(tmp_path: Path) -> None:
    root = small_repo(tmp_path)
    killed_run("moving", 2, "audit", str(root), "--write")
    [folder] = audit_folder(root)
    assert len(list(folder.iterdir())) == 1  # one file moved, three still staged
    done = run(["validate", str(root)])
    assert done.returncode == 1
    assert "path-write-interrupted" in done.stdout
    assert "`audit --write` was interrupted: 3 file(s) still to move" in done.stdout
    assert "Rerun the interrupted command" in done.stdout
    rerun = run(["audit", str(root), "--write"])
    assert rerun.returncode == 0, rerun.stderr
    assert "written audits/" in rerun.stderr
    assert "(finishing an interrupted write)" in rerun.stderr
    assert "the interrupted write is complete" in rerun.stdout
    assert rerun.stderr.count("written ") == 3
    assert {p.name for p in folder.iterdir()} == AUDIT_FILES
    assert not list(root.glob(".itsmkit-txn-*"))
    assert run(["validate", str(root)]).returncode == 0


def test_kill_while_staging_changes_nothing(tmp_path: Path) -> None:
    root = small_repo(tmp_path)
    killed_run("staging", 0, "audit", str(root), "--write")
    assert audit_folder(root) == []
    assert run(["validate", str(root)]).returncode == 0  # nothing half-recorded
    again = run(["audit", str(root), "--write"])
    assert again.returncode == 0, again.stderr
    [folder] = audit_folder(root)
    assert {p.name for p in folder.iterdir()} == AUDIT_FILES
    assert not list(root.glob(".itsmkit-txn-*"))


def _enospc_after(monkeypatch: pytest.MonkeyPatch, calls: int) -> None:
    real = os.fsync
    count = {"n": 0}

    def fsync(fd: int) -> None:
        count["n"] += 1
        if count["n"] > calls:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_full_disk_during_audit_write_records_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_repo(tmp_path)
    _enospc_after(monkeypatch, 2)
    result = runner.invoke(app, ["audit", str(root), "--write"])
    assert result.exit_code == 2, result.output
    assert "no space left on device" in result.stderr
    assert "The disk is full: free some space" in result.stderr
    assert audit_folder(root) == []
    assert not list(root.glob(".itsmkit-txn-*"))
    monkeypatch.undo()
    assert runner.invoke(app, ["audit", str(root), "--write"]).exit_code == 0


def test_full_disk_during_init_leaves_no_half_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new"
    _enospc_after(monkeypatch, 3)
    result = runner.invoke(app, ["init", str(target), "--no-git", "--org", "Acme", "--yes"])
    assert result.exit_code == 2, result.output
    assert "no space left on device" in result.stderr
    assert not target.exists() or list(target.iterdir()) == []


def test_full_disk_during_a_single_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_repo(tmp_path)
    out = tmp_path / "trace.txt"
    out.write_text("previous\n")
    _enospc_after(monkeypatch, 0)
    result = runner.invoke(app, ["trace", str(root), "-o", str(out), "--force"])
    assert result.exit_code == 2, result.output
    assert f"{out}: no space left on device" in result.stderr
    assert out.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".trace.txt")] == []


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EROFS, "The file system is read-only: write elsewhere with -o."),
        (errno.EACCES, "Permission denied: check the permissions"),
    ],
)
def test_read_only_or_forbidden_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    # As root, permission bits never refuse; the refusal the OS would give is staged instead.
    import tempfile

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(code, os.strerror(code), str(kwargs.get("dir", "")))

    root = small_repo(tmp_path)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    out = tmp_path / "ro" / "trace.txt"
    result = runner.invoke(app, ["trace", str(root), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert str(out) in result.stderr
    assert words in result.stderr
    audit = runner.invoke(app, ["audit", str(root), "--write"])
    assert audit.exit_code == 2, audit.output
    assert words in audit.stderr
    assert audit_folder(root) == []


def test_render_all_is_all_or_nothing(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _enospc_after(monkeypatch, 5)
    result = runner.invoke(app, ["render", "all", "-C", str(example_copy), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "no space left on device" in result.stderr
    assert not out.exists() or [p for p in out.rglob("*") if p.is_file()] == []


def test_non_utf8_file_name_never_reaches_the_recorded_audit(tmp_path: Path) -> None:
    root = small_repo(tmp_path)
    (root / os.fsdecode(b"people/b\xff.yaml")).write_text(PERSON.replace("P-A", "P-B"))
    done = run(["audit", str(root), "--write"])
    assert done.returncode == 0, done.stderr
    again = run(["validate", str(root), "--format", "json"])
    assert '"path-name-undecodable"' in again.stdout
    assert '"yaml-' not in again.stdout  # every recorded file still parses


def test_as_of_with_a_committed_link_outside(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = small_repo(tmp_path)
    (root / "people/passwd.yaml").symlink_to("/etc/passwd")
    (root / "people/up.yaml").symlink_to("../../../../../../etc/hostname")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "links", date="2026-01-10T12:00:00")
    done = run(["audit", str(root), "--as-of", "2026-02-01", "--lang", "en"])
    assert done.returncode == 0, done.stderr
    assert "validation error" in done.stdout + done.stderr


def _plant(root: Path, entries: list[dict[str, str]], staged: dict[str, str]) -> Path:
    stage = root / ".itsmkit-txn-planted"
    stage.mkdir()
    for name, text in staged.items():
        (stage / name).write_text(text)
    (stage / "journal.json").write_text(
        json.dumps({"itsmkit_transaction": 1, "command": "audit --write", "files": entries})
    )
    return stage


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"target": "../outside.txt", "staged": "00000"}, "leaves"),
        ({"target": "/tmp/itsmkit-planted.txt", "staged": "00000"}, "leaves"),
        ({"target": "escape/x.txt", "staged": "00000"}, "through a link leading outside"),
        ({"target": "people/x.yaml", "staged": "../../itsmkit.yaml"}, "not a file itsmkit"),
    ],
)
def test_a_planted_journal_cannot_write_or_take_outside(
    tmp_path: Path, entry: dict[str, str], says: str
) -> None:
    # A journal read back from disk may come from a clone: it must stay inside the root.
    root = small_repo(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (root / "escape").symlink_to(tmp_path / "elsewhere")
    config = (root / "itsmkit.yaml").read_text()
    _plant(root, [entry], {"00000": "planted\n"})
    done = run(["audit", str(root), "--write"])
    assert done.returncode == 2, done.stdout + done.stderr
    assert says in done.stderr
    assert not (tmp_path / "outside.txt").exists()
    assert not Path("/tmp/itsmkit-planted.txt").exists()
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert (root / "itsmkit.yaml").read_text() == config
    assert audit_folder(root) == []


def test_kill_during_init_is_finished_by_the_rerun(tmp_path: Path) -> None:
    target = tmp_path / "new"
    args = ("init", str(target), "--yes", "--no-git", "--org", "Acme")
    killed_run("moving", 3, *args)
    assert len([p for p in target.rglob("*") if p.is_file() and ".itsmkit-txn-" not in str(p)]) == 2
    assert list(target.glob(".itsmkit-txn-*"))
    assert (
        "error path-write-interrupted: `init` was interrupted"
        in run(["validate", str(target)]).stdout
    )
    again = run(list(args))
    assert again.returncode == 0, again.stdout + again.stderr
    assert not list(target.glob(".itsmkit-txn-*"))
    assert "path-write-interrupted" not in run(["validate", str(target)]).stdout
    fresh = tmp_path / "fresh"
    assert run(["init", str(fresh), "--yes", "--no-git", "--org", "Acme"]).returncode == 0
    # The validate runs above left their (git-ignored) file cache: not part of the tree.
    got = {
        p.relative_to(target): p.read_bytes()
        for p in target.rglob("*")
        if p.is_file() and ".itsmkit/cache" not in p.as_posix()
    }
    want = {p.relative_to(fresh): p.read_bytes() for p in fresh.rglob("*") if p.is_file()}
    assert got == want


def test_render_force_hint_is_honest_about_schema_errors(example: Path, tmp_path: Path) -> None:
    sla = example / "agreements/slas/sla-cimes.yaml"
    sla.write_text(sla.read_text().replace("\nid: ", "\ncustmer_typo: x\nid: ", 1))
    done = run(["render", "sla", "SLA-CIMES-2026", "-C", str(example), "-o", str(tmp_path / "o")])
    forced = run(
        [
            "render",
            "sla",
            "SLA-CIMES-2026",
            "-C",
            str(example),
            "-o",
            str(tmp_path / "o"),
            "--force",
        ]
    )
    for result in (done, forced):
        assert result.returncode == 1
        assert "schema-unknown-key: unknown key 'custmer_typo'" in result.stderr
        assert "not even --force renders it" in result.stderr
        assert "pass --force to render anyway" not in result.stderr
