"""The repository as the importer sees it: every artefact id, and its own batch files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from itsmkit.errors import UsageError
from itsmkit.importers.emitter import owned
from itsmkit.importers.fastread import NotCanonical, read_batch

FILES = {"incident": "incidents.yaml", "service-request": "service-requests.yaml"}


@dataclass(slots=True)
class Batch:
    """A batch file the importer wrote: its text as read, and its items (merged in place)."""

    path: Path
    rel: str
    of: str
    text: str
    items: list[dict[str, Any]]


def scan(root: Path, exclude: list[str]) -> tuple[dict[str, str], dict[str, Batch]]:
    """Every artefact id → kind, and the importer's own batch files (read for merging)."""
    from itsmkit.repo.files import find_files

    ids: dict[str, str] = {}
    batches: dict[str, Batch] = {}
    for rel in find_files(root, exclude).files:
        path = root / rel
        text = ""
        try:
            text = path.read_text(encoding="utf-8")
            data = _load(text)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            if owned(text):
                raise UsageError(
                    f"{rel}: this batch file written by the importer no longer reads as YAML",
                    hint="Run `itsmkit validate` to find the error and fix it, then import again.",
                ) from None
            continue  # validate reports it; the import only needs the ids it can read
        if not isinstance(data, dict):
            continue
        if data.get("kind") == "batch" and isinstance(data.get("items"), list):
            of = str(data.get("of"))
            for item in data["items"]:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    ids[item["id"]] = of
            if of in FILES and owned(text):
                items = [i for i in data["items"] if isinstance(i, dict)]
                batches[rel] = Batch(path, rel, of, text, items)
        elif isinstance(data.get("id"), str):
            ids[data["id"]] = str(data.get("kind"))
    return ids, batches


def _load(text: str) -> Any:
    """A YAML document; the importer's own files through the fast reader when they can."""
    if owned(text):
        try:
            return read_batch(text)
        except NotCanonical:
            pass
    return yaml.load(text, Loader=yaml.CSafeLoader)
