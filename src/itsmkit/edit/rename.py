"""``itsmkit rename OLD NEW``: rename an id and every reference to it, touching nothing else.

Each edit replaces the characters of one YAML scalar, found from libyaml's marks for the
data path the reference rule reports: comments, order, quoting and line breaks of every
file stay as they were, so ``git diff`` shows only the renamed ids. Mentions of the id in
free text are not references; they are listed, not changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from itsmkit.errors import UsageError
from itsmkit.issues import Loc
from itsmkit.model.types import ID_PATTERN
from itsmkit.query.index import Index
from itsmkit.repo.yamlread import compose, decode


@dataclass(frozen=True, slots=True)
class Edit:
    """One scalar to change: where it is and what it becomes."""

    file: str
    line: int
    column: int
    start: int  # character offsets of the scalar in the file's text
    end: int
    before: str
    after: str
    what: str  # "id" or the referencing artefact and field


@dataclass(slots=True)
class RenamePlan:
    """Every edit a rename makes, and the free-text mentions it leaves alone."""

    old: str
    new: str
    edits: list[Edit] = field(default_factory=list)
    mentions: list[tuple[str, int]] = field(default_factory=list)  # (file, line)

    @property
    def files(self) -> list[str]:
        """The files the rename changes."""
        return sorted({e.file for e in self.edits})


def _value_node(root: Node | None, loc: Loc) -> Node | None:
    node = root
    for part in loc:
        if isinstance(node, MappingNode):
            node = next(
                (v for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(part)),
                None,
            )
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            node = node.value[part] if 0 <= part < len(node.value) else None
        else:
            return None
        if node is None:
            return None
    return node


def plan_rename(index: Index, old: str, new: str) -> RenamePlan:
    """Work out every edit of renaming ``old`` to ``new``; nothing is written."""
    item = index.get(old)
    if not re.fullmatch(ID_PATTERN, new) or len(new) > 80:
        raise UsageError(
            f"{new!r} is not a valid id",
            hint="Ids are upper-case words joined by hyphens, e.g. SVC-MAIL-2.",
        )
    if new in index.by_id or new in index.repo.failed:
        raise UsageError(f"an artefact with id {new!r} already exists", hint="Choose a free id.")
    places: list[tuple[str, Loc, str]] = [(item.file, (*item.prefix, "id"), "id")]
    for k in index.incoming.get(old, []):
        inner = k.loc[len(index.by_id[k.source].prefix) :]
        places.append((k.file, k.loc, f"{k.source} " + ".".join(str(p) for p in inner)))
    plan = RenamePlan(old, new)
    texts: dict[str, str] = {}
    trees: dict[str, Node | None] = {}
    for rel, loc, what in places:
        if rel not in texts:
            text, _ = decode((index.root / rel).read_bytes())
            texts[rel] = text or ""
            trees[rel] = compose(texts[rel])
        node = _value_node(trees[rel], loc)
        if not isinstance(node, ScalarNode) or node.value != old:
            raise UsageError(f"{rel}: cannot find {old!r} at {loc}", hint="Run `itsmkit validate`.")
        start, end = node.start_mark.index, node.end_mark.index
        before = texts[rel][start:end]
        if before.count(old) != 1:
            raise UsageError(f"{rel}:{node.start_mark.line + 1}: {before!r} is not a plain id")
        plan.edits.append(
            Edit(
                rel,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                start,
                end,
                before,
                before.replace(old, new),
                what,
            )
        )
    plan.edits.sort(key=lambda e: (e.file, e.start))
    plan.mentions = _mentions(index.root, index.repo.files, old, plan.edits)
    return plan


def _mentions(root: Path, files: list[str], old: str, edits: list[Edit]) -> list[tuple[str, int]]:
    """Lines of the repository's files that mention ``old`` outside the planned edits."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    taken = {(e.file, e.line) for e in edits}
    found = []
    for rel in files:
        try:
            text = (root / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if old not in text:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if (rel, number) not in taken and pattern.search(line):
                found.append((rel, number))
    return found


def apply_rename(index: Index, plan: RenamePlan) -> list[str]:
    """Write the planned edits, every file or none; the files changed."""
    from itsmkit.transaction import write_all

    contents: dict[Path, bytes] = {}
    for rel in plan.files:
        path = index.root / rel
        text, _ = decode(path.read_bytes())
        text = text or ""
        for e in sorted((e for e in plan.edits if e.file == rel), key=lambda e: -e.start):
            if text[e.start : e.end] != e.before:
                raise UsageError(f"{rel} changed while renaming; nothing was written")
            text = text[: e.start] + e.after + text[e.end :]
        contents[path] = text.encode("utf-8")
    write_all(index.root, contents, command="rename")
    return plan.files
