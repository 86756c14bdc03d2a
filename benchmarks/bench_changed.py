"""Time ``validate --changed`` after one edit against the raw libyaml parse, in the same run.

Generates N incident records, one file per record (``bench_cache.repository``), commits
them to a temporary git repository, warms the cache, then times in-process:

  (a) raw parse: read bytes + ``yaml.load(..., CSafeLoader)``, GC paused (the ceiling);
  (e) ``validate`` (incremental, what the command runs), one file changed since the last
      run: ``bench_cache``'s measure, the one ``--changed`` should cost about;
  (c) ``--changed HEAD`` after one incident file changed since HEAD (the previous edit
      committed, untimed, before each edit): git + the incremental run + the
      revision's version of the changed file judged against the same summaries; its
      budget is about (e) + (g);
  (c+) the same with the edits adding up since HEAD (one more differing file each run:
      each is parsed at the revision too);
  (d) ``--changed HEAD`` when nothing changed (git and the warm run only);
  (g) the git part alone (``changes_since``: ls-tree + diff of the work tree).

and checks that (c) reports exactly the full run's issues for the files it checked.

Usage::

    python benchmarks/bench_changed.py                 # 10k and 50k
    python benchmarks/bench_changed.py -n 10000 --repeat 5
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cache import (
    TODAY,
    editor,
    main,
    one_changed_row,
    raw_row,
    repository,
    timed,
    warm,
)
from bench_validate import best

GIT = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT}, check=True)


def bench(n: int, repeat: int) -> list[tuple[str, float]]:
    from itsmkit.changed import validate_changed
    from itsmkit.repo.gitdiff import changes_since
    from itsmkit.validator import validate

    with repository(n) as (root, files):
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "records")
        git(root, "status", "-s")  # refreshes the index's stat data
        warm(root)
        edit = editor(files, stride=7919)

        def changed() -> None:
            validate_changed(root, "HEAD", today=TODAY, cache=True)

        def commit_then_edit() -> None:
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "edit")
            edit()

        def changed_one_more() -> None:
            edit()
            changed()

        rows = [
            raw_row(files, repeat),
            one_changed_row(root, edit, repeat),
            ("(c) --changed, one file changed", timed(commit_then_edit, changed, repeat)),
            ("(c+) --changed, edits adding up", best(changed_one_more, repeat)),
        ]
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "edits")
        warm(root)
        rows.append(
            (
                "(d) --changed, nothing changed",
                best(lambda: validate_changed(root, "HEAD", today=TODAY, cache=True), repeat),
            )
        )
        rows.append(("(g) git part only", best(lambda: changes_since(root, "HEAD"), repeat)))

        edit()
        part, scope = validate_changed(root, "HEAD", today=TODAY, cache=True)
        full, _ = validate(root, today=TODAY, cache=False)
        chosen = set(scope.files)
        wanted = [i for i in full.issues if i.file in chosen or i.file == "itsmkit.yaml"]
        if part.issues != wanted or len(scope.changed) != 1:
            raise SystemExit("--changed does not report the full run's issues for its files")
        return rows


if __name__ == "__main__":
    main(bench, __doc__)
