"""What changed in a company repository since a git revision (for ``validate --changed``).

The company repository may be a sub-folder of the git work tree: every path here is
relative to the company root, as the loader's are. The working tree is compared with
the revision, so staged, unstaged and untracked files all count as changed: they are
what a full ``validate`` reads. Files git ignores but the walk reads count as added.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from itsmkit.errors import RevisionError

SHALLOW_HINT = (
    "This is a shallow clone that does not hold it: fetch the history"
    " (`git fetch --unshallow`, or `git fetch origin <branch>`); in GitHub Actions give"
    " actions/checkout `fetch-depth: 0`, in GitLab CI set `GIT_DEPTH: 0`."
)


@dataclass(slots=True)
class Changes:
    """The difference between a revision and the working tree, below the company root."""

    rev: str
    """The revision as the user gave it."""
    commit: str | None
    """The commit compared with; None when the repository has no commit yet."""
    prefix: str
    """The company root relative to the git top level ("" or "sub/dir/")."""
    before: set[str] = field(default_factory=set)
    """Every file of the revision below the company root (relative to it)."""
    differ: set[str] = field(default_factory=set)
    """Files whose content differs between the revision and the working tree
    (modified, deleted, or staged as added)."""

    def spec(self, rel: str) -> str:
        """The ``REV:path`` name git gives the revision's version of ``rel``."""
        return f"{self.commit}:{self.prefix}{rel}"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError(
            "--changed needs git, which is not installed",
            hint="Install git, or run a full `itsmkit validate` without --changed.",
        ) from None


def _text(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stdout.decode("utf-8", "surrogateescape").strip()


def _split(done: subprocess.CompletedProcess[bytes]) -> list[str]:
    return [p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def _shallow(root: Path) -> bool:
    return _text(_git(root, "rev-parse", "--is-shallow-repository")) == "true"


def _missing(root: Path, rev: str) -> RevisionError:
    if _shallow(root):
        return RevisionError(
            f"revision '{rev}' is not in this clone", hint=SHALLOW_HINT, revision=rev
        )
    hint = (
        "Give a commit, branch or tag that exists (`git log --oneline` lists commits,"
        " `git branch -a` branches); in CI, fetch the branch you compare with first."
    )
    if (root / rev).exists() or Path(rev).exists():
        hint += (
            f" '{rev}' is a path: --changed takes an optional REV, so put the repository"
            " before --changed or use -C."
        )
    return RevisionError(f"unknown revision '{rev}'", hint=hint, revision=rev)


def resolve_revision(root: Path, rev: str) -> str | None:
    """The commit ``rev`` names; ``A...`` is the merge base of A and HEAD.

    Returns None for HEAD in a repository without commits (everything is new).

    Raises:
        RevisionError: not a git work tree, or no such revision (a shallow clone says so).
    """
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    said = inside.stderr.decode("utf-8", "replace").strip()
    if inside.returncode != 0 and "not a git repository" not in said and said:
        # git found a repository but refuses it (e.g. "dubious ownership" in a CI container).
        raise RevisionError(
            f"--changed cannot use the git repository of {root}: {said.splitlines()[0]}",
            hint="Do what git says (for a container: `git config --global --add"
            " safe.directory <path>`), or run a full `itsmkit validate`.",
        )
    if inside.returncode != 0 or _text(inside) != "true":
        raise RevisionError(
            f"--changed needs a git repository: {root} is not in one",
            hint="Run a full `itsmkit validate` without --changed, or `git init` and commit.",
        )
    if rev.endswith("...") and len(rev) > 3:
        base = rev[:-3]
        commit = _verify(root, base)
        if commit is None:
            raise _missing(root, base)
        merge = _git(root, "merge-base", commit, "HEAD")
        if merge.returncode != 0:
            if _shallow(root):
                raise RevisionError(
                    f"no common ancestor of '{base}' and HEAD in this clone", hint=SHALLOW_HINT
                )
            raise RevisionError(
                f"'{base}' and HEAD have no common ancestor",
                hint=f"Compare with '{base}' itself (without '...').",
            )
        return _text(merge)
    commit = _verify(root, rev)
    if commit is None:
        if rev == "HEAD" and _verify(root, "HEAD") is None and not _has_commits(root):
            return None
        raise _missing(root, rev)
    return commit


def _verify(root: Path, rev: str) -> str | None:
    if rev.startswith("-"):
        return None  # never an option to git
    done = _git(root, "rev-parse", "--verify", "-q", "--end-of-options", f"{rev}^{{commit}}")
    return _text(done) if done.returncode == 0 else None


def _has_commits(root: Path) -> bool:
    return _git(root, "rev-list", "-n", "1", "--all").stdout.strip() != b""


def changes_since(root: Path, rev: str) -> Changes:
    """What differs between ``rev`` and the working tree below ``root``.

    Raises:
        RevisionError: see :func:`resolve_revision`.
    """
    commit = resolve_revision(root, rev)
    prefix = _text(_git(root, "rev-parse", "--show-prefix"))
    changes = Changes(rev=rev, commit=commit, prefix=prefix)
    if commit is None:
        return changes
    tree = _git(root, "ls-tree", "-r", "-z", "--name-only", commit, "--", ".")
    diff = _git(root, "diff", "--name-only", "-z", "--no-renames", "--relative", commit, "--", ".")
    for done in (tree, diff):
        if done.returncode != 0:
            raise RevisionError(
                f"git failed: {done.stderr.decode('utf-8', 'replace').strip()}",
                hint="Check the repository with `git status`.",
            )
    changes.before = set(_split(tree))
    changes.differ = set(_split(diff))
    return changes


def read_old(root: Path, changes: Changes, rels: list[str]) -> dict[str, bytes]:
    """The revision's bytes of each of ``rels`` (one ``git cat-file --batch`` for all)."""
    if not rels or changes.commit is None:
        return {}
    request = "".join(f"{changes.spec(rel)}\n" for rel in rels).encode("utf-8", "surrogateescape")
    done = subprocess.run(
        ["git", "-C", str(root), "cat-file", "--batch"],
        input=request,
        capture_output=True,
        check=False,
    )
    out = done.stdout
    found: dict[str, bytes] = {}
    at = 0
    for rel in rels:
        end = out.find(b"\n", at)
        if end < 0:
            break
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[-1] == b"missing":
            continue
        size = int(header[2])
        if header[1] == b"blob":
            found[rel] = out[at : at + size]
        at += size + 1  # the content, then a newline
    return found
