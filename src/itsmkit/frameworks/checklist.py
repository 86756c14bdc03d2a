"""``itsmkit checklist``: data-driven checklists evaluated on a repository's artefacts.

Each item passes, fails or does not apply (its ``applies_if`` condition is false), and
names the file, line and field that prove it.
"""

from __future__ import annotations

import difflib
import enum
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from itsmkit.errors import UsageError
from itsmkit.frameworks.catalog import frameworks_dir, load_data
from itsmkit.frameworks.schema import Check, Checklist, ChecklistFile, ChecklistItem
from itsmkit.repo.loader import Loaded, Repository

PASS, FAIL, NA = "pass", "fail", "n/a"


def checklist_paths() -> list[Path]:
    """Every shipped checklist file."""
    return sorted((frameworks_dir() / "checklists").glob("*.yaml"))


@cache
def _file_at(path: Path) -> ChecklistFile:
    return load_data(path, ChecklistFile)


def all_checklists() -> list[tuple[ChecklistFile, Checklist]]:
    """Every shipped checklist with the file header it comes from."""
    return [(f, c) for p in checklist_paths() for f in [_file_at(p)] for c in f.checklists]


def _value(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj.value if isinstance(obj, enum.Enum) else obj


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _passes(check: Check, value: Any) -> bool:
    if _empty(value):
        return False
    if check.min is not None and (not isinstance(value, list) or len(value) < check.min):
        return False
    return check.equals is None or value == check.equals


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One checklist item judged on one artefact."""

    id: str
    title: str
    status: str
    field: str
    proof: str
    clause: str | None
    hint: str | None
    confidence: str


@dataclass
class ArtefactResult:
    """A checklist applied to one artefact."""

    checklist: str
    title: str
    artefact: str
    kind: str
    file: str
    items: list[ItemResult] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """How many items fail."""
        return sum(1 for i in self.items if i.status == FAIL)


@dataclass
class ChecklistResult:
    """Every checklist evaluated: one block per artefact, plus checklists with nothing to check."""

    root: str
    results: list[ArtefactResult]
    empty: list[str]

    @property
    def counts(self) -> dict[str, int]:
        """Items per status."""
        out = {PASS: 0, FAIL: 0, NA: 0}
        for res in self.results:
            for item in res.items:
                out[item.status] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON payload."""
        return {
            "repository": self.root,
            "counts": self.counts,
            "results": [
                {
                    "checklist": r.checklist,
                    "title": r.title,
                    "artefact": r.artefact,
                    "kind": r.kind,
                    "file": r.file,
                    "items": [
                        {
                            "id": i.id,
                            "title": i.title,
                            "status": i.status,
                            "field": i.field,
                            "proof": i.proof,
                            "clause": i.clause,
                            "hint": i.hint,
                            "confidence": i.confidence,
                        }
                        for i in r.items
                    ],
                }
                for r in self.results
            ],
            "no_artefacts": self.empty,
        }


class _Positions:
    """Line numbers of fields, parsing each file at most once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.nodes: dict[str, Any] = {}

    def line(self, rel: str, loc: tuple[str | int, ...]) -> int:
        from itsmkit.repo.yamlread import compose, decode, locate

        if rel not in self.nodes:
            try:
                text, _ = decode((self.root / rel).read_bytes())
            except OSError:
                text = None
            self.nodes[rel] = compose(text) if text is not None else None
        return locate(self.nodes[rel], loc)[0]


def _judge(item: ChecklistItem, loaded: Loaded, pos: _Positions) -> ItemResult:
    art = loaded.artefact
    fld = item.check.field
    loc = (*loaded.prefix, *fld.split("."))
    if item.applies_if is not None:
        current = _value(art, item.applies_if.field)
        if current not in item.applies_if.in_:
            proof = f"{loaded.file}: {item.applies_if.field} is {current!r}"
            return ItemResult(
                item.id, item.label, NA, fld, proof, item.clause, item.hint, item.confidence
            )
    value = _value(art, fld)
    if _passes(item.check, value):
        status = PASS
        proof = f"{loaded.file}:{pos.line(loaded.file, loc)}: {fld}"
    else:
        status = FAIL
        need = f"at least {item.check.min} entries" if item.check.min else "a value"
        proof = (
            f"{loaded.file}:{pos.line(loaded.file, loaded.prefix or ('kind',))}: {fld} needs {need}"
        )
    return ItemResult(
        item.id, item.label, status, fld, proof, item.clause, item.hint, item.confidence
    )


def _pick(repo: Repository, target: str | None) -> list[tuple[Checklist, list[Loaded]]]:
    lists = [c for _, c in all_checklists()]
    if target is None:
        return [(c, list(repo.by_kind(c.applies_to))) for c in lists]
    by_id = [c for c in lists if target in (c.id, c.applies_to)]
    if by_id:
        return [(c, list(repo.by_kind(c.applies_to))) for c in by_id]
    found = [a for a in repo.artefacts if a.artefact.id == target]
    if found:
        art = found[0]
        chosen = [c for c in lists if c.applies_to == art.artefact.kind]
        if not chosen:
            raise UsageError(
                f"no checklist applies to {art.artefact.kind} '{target}'",
                hint="Checklists exist for: "
                + ", ".join(sorted({c.applies_to for c in lists}))
                + ".",
            )
        return [(c, [art]) for c in chosen]
    names = sorted({c.id for c in lists} | {c.applies_to for c in lists})
    close = difflib.get_close_matches(target, names + [a.artefact.id for a in repo.artefacts], n=3)
    hint = ("Did you mean " + ", ".join(close) + "? ") if close else ""
    raise UsageError(
        f"{target!r} is neither a checklist, a kind nor an artefact id of this repository",
        hint=hint + "Checklists: " + ", ".join(sorted(c.id for c in lists)) + ".",
    )


def evaluate(repo: Repository, target: str | None = None) -> ChecklistResult:
    """Evaluate the checklists (all, one by id or kind, or those of one artefact)."""
    pos = _Positions(repo.root)
    results: list[ArtefactResult] = []
    empty: list[str] = []
    for checklist, artefacts in _pick(repo, target):
        if not artefacts:
            empty.append(checklist.id)
        for loaded in sorted(artefacts, key=lambda a: a.artefact.id):
            res = ArtefactResult(
                checklist.id, checklist.label, loaded.artefact.id, loaded.artefact.kind, loaded.file
            )
            res.items = [_judge(item, loaded, pos) for item in checklist.items]
            results.append(res)
    return ChecklistResult(str(repo.root), results, empty)
