"""Give line and column to issues that only know a data path.

Only files that have such issues are parsed a second time, keeping libyaml's marks; the
fast path never pays for positions.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from itsmkit.repo.yamlread import compose, decode, locate
from itsmkit.rules.issue import Issue


def resolve(root: Path, issues: list[Issue]) -> list[Issue]:
    """Return ``issues`` with every missing line and column filled in."""
    pending: dict[str, list[int]] = defaultdict(list)
    for index, issue in enumerate(issues):
        if issue.line is None:
            pending[issue.file].append(index)
    out = list(issues)
    for rel, indexes in pending.items():
        try:
            text, _ = decode((root / rel).read_bytes())
        except OSError:
            text = None
        node = compose(text) if text is not None else None
        for index in indexes:
            line, column = locate(node, out[index].loc)
            out[index] = out[index].with_position(line, column)
    return out
