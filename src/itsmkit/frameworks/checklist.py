"""``itsmkit checklist``: data-driven checklists evaluated on a repository's artefacts.

Each item passes, fails or does not apply (its ``applies_if`` condition is false), and
names the file, line and field that prove it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from itsmkit.errors import UsageError
from itsmkit.frameworks.catalog import frameworks_dir, load_data
from itsmkit.frameworks.schema.checklist import Check, Checklist, ChecklistFile, ChecklistItem
from itsmkit.model.fields import field_value, is_empty, lacking
from itsmkit.repo.loader import Loaded, Repository
from itsmkit.repo.positions import Locator

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


def shipped_checklists() -> list[dict[str, Any]]:
    """What ``checklist --list`` shows: id, kind, number of items, title and source."""
    return [
        {
            "id": cl.id,
            "applies_to": cl.applies_to,
            "items": len(cl.items),
            "title": cl.label,
            "source": header.sources[cl.source],
        }
        for header, cl in all_checklists()
    ]


def checklist(checklist_id: str) -> Checklist:
    """One shipped checklist by id (e.g. ``sla``, the seed's Annex C)."""
    for _, found in all_checklists():
        if found.id == checklist_id:
            return found
    raise KeyError(checklist_id)


def applies(item: ChecklistItem, artefact: Any) -> bool:
    """Whether ``item`` applies to ``artefact`` (its ``applies_if`` holds, or it has none)."""
    cond = item.applies_if
    return cond is None or field_value(artefact, cond.field) in cond.in_


def coded_failures(checklist_id: str, artefact: Any) -> Iterator[tuple[ChecklistItem, list[str]]]:
    """The items of a checklist that name a validation rule and fail on ``artefact``.

    Each with what it lacks (:func:`shortfall`); items that do not apply are skipped.
    ``validate`` (its rules) and ``audit`` read SLAs' Annex C this way, so they agree.
    """
    for entry in checklist(checklist_id).items:
        if entry.code is None or not applies(entry, artefact):
            continue
        missing = shortfall(entry.check, artefact)
        if missing is not None:
            yield entry, missing


def shortfall(check: Check, artefact: Any) -> list[str] | None:
    """None when ``check`` passes on ``artefact``; else what is missing, in words.

    For a ``covers`` check the list names each missing value (e.g. ``["customer"]``);
    otherwise it holds one description (``a value``, ``at least 2 entries``).
    """
    value = field_value(artefact, check.field)
    if check.covers:
        missing = [
            str(v) for key, wanted in check.covers.items() for v in lacking(value, key, wanted)
        ]
        return missing or None
    if is_empty(value):
        return [f"at least {check.min} entries" if check.min else "a value"]
    if check.min is not None and (not isinstance(value, list) or len(value) < check.min):
        return [f"at least {check.min} entries"]
    if check.equals is not None and value != check.equals:
        return [f"the value {check.equals!r}"]
    return None


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


def _judge(item: ChecklistItem, loaded: Loaded, pos: Locator) -> ItemResult:
    art = loaded.artefact
    fld = item.check.field
    loc = (*loaded.prefix, *fld.split("."))
    if item.applies_if is not None and not applies(item, art):
        current = field_value(art, item.applies_if.field)
        proof = f"{loaded.file}: {item.applies_if.field} is {current!r}"
        return ItemResult(
            item.id, item.label, NA, fld, proof, item.clause, item.hint, item.confidence
        )
    missing = shortfall(item.check, art)
    if missing is None:
        status = PASS
        proof = f"{loaded.file}:{pos.position(loaded.file, loc)[0]}: {fld}"
    else:
        status = FAIL
        need = " and ".join(missing) if not item.check.covers else _covers_need(item.check, missing)
        line = pos.position(loaded.file, loaded.prefix or ("kind",))[0]
        proof = f"{loaded.file}:{line}: {fld} needs {need}"
    return ItemResult(
        item.id, item.label, status, fld, proof, item.clause, item.hint, item.confidence
    )


def _covers_need(check: Check, missing: list[str]) -> str:
    keys = "/".join(check.covers)
    return "an entry with " + " and one with ".join(f"{keys} {m}" for m in missing)


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
    pos = Locator(repo.root)
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
