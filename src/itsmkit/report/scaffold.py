"""Printers for ``itsmkit init``: what the scaffold wrote, or why it wrote nothing."""

from __future__ import annotations

from itsmkit.scaffold import FileState, GitOutcome, ScaffoldResult


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def _summary(paths: list[str]) -> list[str]:
    """Group paths by their first folder: ``governance/  28 files``; top-level files by name."""
    groups: dict[str, int] = {}
    top: list[str] = []
    for path in paths:
        head, sep, _ = path.partition("/")
        if sep:
            groups[head + "/"] = groups.get(head + "/", 0) + 1
        else:
            top.append(path)
    width = max((len(name) for name in groups), default=0)
    lines = [f"  {name.ljust(width)}  {_files(n)}" for name, n in groups.items()]
    if top:
        lines.append("  " + ", ".join(top))
    return lines


def conflict_lines(result: ScaffoldResult) -> list[str]:
    """The files that stop ``init``: they exist and differ from the starters."""
    head = f"These files exist in {result.root} and differ from the starters:"
    return [head, *(f"  {path}" for path in result.conflicts)]


def result_lines(result: ScaffoldResult) -> list[str]:
    """What ``init`` did, for a person: files per folder, git, next steps."""
    out: list[str] = []
    opts = result.options
    created = result.paths(FileState.CREATED)
    overwritten = result.paths(FileState.OVERWRITTEN)
    unchanged = result.paths(FileState.UNCHANGED)
    where = f"{result.root} ({opts.organisation}, {opts.language}, {opts.standard})"
    if not result.written:
        done = _files(len(unchanged))
        out.append(f"Nothing to do: the {done} of the scaffold are already in {where}.")
    else:
        forced = f", {len(overwritten)} of them overwritten (--force)" if overwritten else ""
        out.append(f"Written: {_files(len(created) + len(overwritten))} in {where}{forced}:")
        for line in _summary(created + overwritten):
            out.append(line)
        if unchanged:
            out.append(f"Left {_files(len(unchanged))} that were already up to date.")
    git_messages = {
        GitOutcome.INITIALISED: "Initialised a git repository.",
        GitOutcome.ALREADY: f"Already in a git repository ({result.git_detail}).",
        GitOutcome.UNAVAILABLE: f"Notice: {result.git_detail}.",
        GitOutcome.FAILED: f"Notice: git init failed: {result.git_detail}",
        GitOutcome.SKIPPED: "",
    }
    if git_messages[result.git]:
        out.append(git_messages[result.git])
    if result.written:
        out.append("Next steps:")
        out.append(f"  cd {result.root}")
        out.append("  itsmkit validate      # lists every [[...]] placeholder left to fill in")
        out.append("  git add -A && git commit -m 'Service management system: starter documents'")
    return out
