"""Read framework catalogs lazily and answer questions about their items."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from itsmkit.errors import EXIT_INTERNAL, ItsmkitError, UsageError
from itsmkit.frameworks.schema.catalog import CatalogFile, Item
from itsmkit.resources import data_dir

M = TypeVar("M", bound=BaseModel)


class FrameworkDataError(ItsmkitError):
    """A shipped framework data file is unreadable or does not match its schema (a bug)."""

    code = "framework-data-invalid"
    exit_code = EXIT_INTERNAL  # shipped data, not the user's input: a bug to report

    def __init__(self, *, path: Path, problem: str) -> None:
        super().__init__(f"{path}: invalid framework data: {problem}")
        self.path = path
        self.problem = problem
        self.hint = "The data shipped with itsmkit is broken; please report it."


def frameworks_dir() -> Path:
    """The folder holding the shipped catalogs and their companions."""
    return data_dir("frameworks")


def stem(key: str) -> str:
    """File stem of a framework key: ``iso20000-1:2018`` → ``iso20000-1-2018``."""
    return key.replace(":", "-")


def load_data(path: Path, model: type[M]) -> M:
    """Read one data file with the fast reader and validate it with ``model``."""
    from itsmkit.repo.yamlread import read

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FrameworkDataError(path=path, problem=str(exc)) from None
    result = read(raw)
    if result.problems:
        first = result.problems[0]
        raise FrameworkDataError(path=path, problem=f"line {first.line}: {first.message}")
    try:
        return model.model_validate(result.data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise FrameworkDataError(path=path, problem=problems) from None


@dataclass
class Catalog:
    """One framework's items with their tree."""

    data: CatalogFile
    path: Path
    items: dict[str, Item] = field(default_factory=dict)
    children: dict[str | None, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, data: CatalogFile, path: Path) -> Catalog:
        """Index the items of ``data``."""
        cat = cls(data=data, path=path)
        for item in data.items:
            cat.items[item.id] = item
            cat.children.setdefault(item.parent, []).append(item.id)
        return cat

    @property
    def key(self) -> str:
        """The framework key, e.g. ``iso20000-1:2018``."""
        return self.data.framework

    @property
    def title(self) -> str:
        """The catalog's title (English when known)."""
        return self.data.title.label

    def get(self, ident: str) -> Item | None:
        """The item ``ident`` (exact, then case-insensitive), or None."""
        found = self.items.get(ident)
        if found is None:
            lowered = {k.lower(): v for k, v in self.items.items()}
            found = lowered.get(ident.lower())
        return found

    def require(self, ident: str) -> Item:
        """The item ``ident``, or a usage error with close matches."""
        found = self.get(ident)
        if found is None:
            close = difflib.get_close_matches(ident, list(self.items), n=3)
            hint = (
                ("Did you mean " + ", ".join(close) + "?")
                if close
                else (f"List the items with `itsmkit frameworks show {self.key}`.")
            )
            raise UsageError(f"{ident!r} is not an item of {self.key}", hint=hint)
        return found

    def ancestors(self, ident: str) -> list[Item]:
        """Parents of ``ident``, nearest first."""
        out: list[Item] = []
        seen: set[str] = set()
        current = self.items[ident].parent
        while current is not None and current in self.items and current not in seen:
            seen.add(current)
            out.append(self.items[current])
            current = self.items[current].parent
        return out

    def root_of(self, ident: str) -> Item:
        """The top-level item above ``ident`` (itself when it is top-level)."""
        chain = self.ancestors(ident)
        return chain[-1] if chain else self.items[ident]

    def kids(self, ident: str | None) -> list[Item]:
        """Direct children of ``ident`` (top-level items for None)."""
        return [self.items[c] for c in self.children.get(ident, [])]


@cache
def _catalog_at(path: Path) -> Catalog:
    return Catalog.build(load_data(path, CatalogFile), path)


def catalog_paths() -> list[Path]:
    """Every shipped catalog file."""
    return sorted(p for p in frameworks_dir().glob("*.yaml") if p.is_file())


def all_catalogs() -> list[Catalog]:
    """Every shipped catalog (reads them all)."""
    return [_catalog_at(p) for p in catalog_paths()]


def known_keys() -> list[str]:
    """Framework keys of every shipped catalog."""
    return [c.key for c in all_catalogs()]


def has_catalog(key: str) -> bool:
    """Whether a catalog with this key ships (cheap: looks at the file name only)."""
    return (frameworks_dir() / f"{stem(key)}.yaml").is_file()


def catalog(key: str) -> Catalog:
    """The catalog of framework ``key``, or a usage error naming the known keys."""
    path = frameworks_dir() / f"{stem(key)}.yaml"
    if not path.is_file():
        keys = known_keys()
        close = difflib.get_close_matches(key, keys, n=3, cutoff=0.5)
        hint = ("Did you mean " + ", ".join(close) + "? " if close else "") + (
            "Known frameworks: " + ", ".join(keys) + "."
        )
        raise UsageError(f"unknown framework {key!r}", hint=hint)
    cat = _catalog_at(path)
    if cat.key != key:
        raise FrameworkDataError(
            path=path, problem=f"declares framework {cat.key!r}, expected {key!r}"
        )
    return cat


def split_clause_id(value: str) -> tuple[str, str]:
    """``iso20000-1:2018/8.3.3`` → (``iso20000-1:2018``, ``8.3.3``)."""
    framework, sep, item = value.partition("/")
    if not sep or not framework or not item:
        raise ValueError(f"{value!r} is not written FRAMEWORK/ITEM")
    return framework, item


def summary(cat: Catalog) -> dict[str, Any]:
    """Listing facts about a catalog."""
    data = cat.data
    kinds: dict[str, int] = {}
    for item in data.items:
        kinds[item.kind] = kinds.get(item.kind, 0) + 1
    conf: dict[str, int] = {}
    for item in data.items:
        conf[item.confidence] = conf.get(item.confidence, 0) + 1
    return {
        "framework": data.framework,
        "edition": data.edition,
        "title": data.title.label,
        "publisher": data.publisher,
        "items": len(data.items),
        "kinds": kinds,
        "confidence": conf,
        "near_identical_to": data.near_identical_to,
        "licence_note": data.licence_note,
        "source": data.source,
        "data_version": data.data_version,
    }
