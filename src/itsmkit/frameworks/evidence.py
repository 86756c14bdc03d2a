"""Evidence links: which artefacts of a repository evidence which clauses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from itsmkit.frameworks.catalog import frameworks_dir, load_data, stem
from itsmkit.frameworks.schema.evidence import EvidenceFile, Selector
from itsmkit.model.base import Document
from itsmkit.model.fields import matches_fields, plain
from itsmkit.repo.loader import Loaded


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """An artefact that evidences something, and its file."""

    id: str
    kind: str
    file: str


def evidence_path(framework: str) -> Path:
    """Where the evidence links of ``framework`` would be."""
    return frameworks_dir() / "evidence" / f"{stem(framework)}.yaml"


@cache
def _evidence_at(path: Path) -> EvidenceFile:
    return load_data(path, EvidenceFile)


def evidence_for(framework: str) -> EvidenceFile | None:
    """The evidence links of ``framework``, or None when none ship."""
    path = evidence_path(framework)
    return _evidence_at(path) if path.is_file() else None


def evidence_paths() -> list[Path]:
    """Every shipped evidence-link file."""
    return sorted((frameworks_dir() / "evidence").glob("*.yaml"))


def matches(selector: Selector, loaded: Loaded) -> bool:
    """Whether one artefact satisfies ``selector`` (kind, status, field filters, processes)."""
    art = loaded.artefact
    if art.kind not in selector.kinds:
        return False
    if selector.status is not None and (
        not isinstance(art, Document) or art.status.value != selector.status
    ):
        return False
    if not matches_fields(art, selector.where):
        return False
    if selector.processes:
        have = {plain(p) for p in getattr(art, "processes", [])}
        if not have & set(selector.processes):
            return False
    return True


def describe(selector: Selector) -> str:
    """A short English label for a selector."""
    if selector.label:
        return selector.label
    parts = [("approved " if selector.status else "") + " or ".join(selector.kinds)]
    if selector.where:
        parts.append(", ".join(f"{k}={v}" for k, v in selector.where.items()))
    if selector.processes:
        parts.append("processes " + "/".join(selector.processes))
    text = " ".join(parts)
    return f"{text} (at least {selector.min})" if selector.min > 1 else text


def select(selector: Selector, artefacts: list[Loaded]) -> list[EvidenceRef]:
    """Every artefact matching ``selector``."""
    return [
        EvidenceRef(a.artefact.id, a.artefact.kind, a.file)
        for a in artefacts
        if matches(selector, a)
    ]
