"""Editor support inside a company repository: local JSON Schemas and modelines.

Editors that run the YAML language server (VS Code's YAML extension, Neovim, Helix,
Emacs) check a file against the schema its first line names::

    # yaml-language-server: $schema=../.itsmkit/schemas/sla.schema.json

The schemas live in the company repository itself (``.itsmkit/schemas/``), so the path
resolves offline, relative to each file, and matches the itsmkit version that wrote
them. ``index.json`` beside them records each file's SHA-256 as written, so a refresh
after an upgrade replaces the files itsmkit wrote and keeps those a person edited.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itsmkit import __version__
from itsmkit.modelines import SCHEMA_DIR, modeline, schemas_prefix

INDEX = "index.json"
VSCODE_SETTINGS = ".vscode/settings.json"
CONFIG_SCHEMA = "itsmkit-config.schema.json"
COMBINED_SCHEMA = "itsmkit.schema.json"
# Folders of a company repository whose YAML files are artefacts (see the scaffold).
ARTEFACT_FOLDERS = ("agreements", "audits", "governance", "organisation", "records", "services")
# Modelines itsmkit wrote: the old published address, or a path into the local folder.
_OURS = re.compile(
    r"^# yaml-language-server: \$schema="
    r"(?:https://itsmkit\.dev/schemas/v1/|(?:[^\s]*/)?\.itsmkit/schemas/)"
    r"(?P<name>[a-z0-9-]+\.schema\.json)\s*$"
)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def schema_files() -> dict[str, str]:
    """Path (relative to the root) → text of every schema file, and of their index."""
    from itsmkit.schemagen import all_schemas, render

    files = {f"{SCHEMA_DIR}/{name}": render(schema) for name, schema in all_schemas().items()}
    index = {
        "$comment": "Written by itsmkit. `itsmkit init --refresh-schemas` replaces the files "
        "listed here that still hold the text it wrote; edited files are kept.",
        "itsmkit": __version__,
        "files": {path.rsplit("/", 1)[1]: _sha256(text) for path, text in files.items()},
    }
    files[f"{SCHEMA_DIR}/{INDEX}"] = json.dumps(index, indent=2) + "\n"
    return files


def vscode_mapping() -> dict[str, Any]:
    """The ``yaml.schemas`` entries: settings file, and any artefact file without a modeline."""
    return {
        f"{SCHEMA_DIR}/{CONFIG_SCHEMA}": ["itsmkit.yaml"],
        f"{SCHEMA_DIR}/{COMBINED_SCHEMA}": [f"{d}/**/*.yaml" for d in ARTEFACT_FOLDERS],
    }


def vscode_settings() -> str:
    """``.vscode/settings.json``: the schema mapping, for files that carry no modeline."""
    return json.dumps({"yaml.schemas": vscode_mapping()}, indent=2) + "\n"


def editor_files() -> dict[str, str]:
    """Every editor file ``init`` writes, by path relative to the root."""
    return {**schema_files(), VSCODE_SETTINGS: vscode_settings()}


# Refresh after an upgrade ------------------------------------------------------------------


@dataclass(slots=True)
class RefreshResult:
    """What ``init --refresh-schemas`` did, by path relative to the root."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    modelines: list[str] = field(default_factory=list)


def _recorded(root: Path) -> dict[str, str]:
    try:
        data = json.loads((root / SCHEMA_DIR / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {k: v for k, v in files.items() if isinstance(v, str)} if isinstance(files, dict) else {}


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _merged_settings(current: str) -> str | None:
    """``current`` settings with the schema mapping added, or None if not plain JSON."""
    try:
        data = json.loads(current)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    schemas = data.get("yaml.schemas")
    if schemas is not None and not isinstance(schemas, dict):
        return None
    data["yaml.schemas"] = {**(schemas or {}), **vscode_mapping()}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _yaml_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder in ("", *ARTEFACT_FOLDERS):
        base = root / folder
        if not base.is_dir():
            continue
        pattern = "*.y*ml" if folder == "" else "**/*.y*ml"
        found.extend(p for p in sorted(base.glob(pattern)) if p.suffix in (".yaml", ".yml"))
    return found


def _fix_modeline(root: Path, path: Path) -> bool:
    """Point an itsmkit modeline at the local schemas; True if the file changed."""
    from itsmkit.fsutil import atomic_write_text

    text = _read(path)
    if text is None:
        return False
    first, newline, rest = text.partition("\n")
    found = _OURS.match(first.rstrip("\r"))
    if found is None:
        return False
    rel = path.relative_to(root).as_posix()
    wanted = modeline(rel, found.group("name"))
    if first.rstrip("\r") == wanted:
        return False
    ending = "\r\n" if first.endswith("\r") else "\n"
    atomic_write_text(path, wanted + (ending if newline else "") + rest)
    return True


def refresh(root: Path, *, force: bool = False) -> RefreshResult:
    """Bring the editor files of an existing company repository up to this version.

    Schema files still holding the text an earlier itsmkit wrote (per ``index.json``)
    are replaced; a schema file someone edited is kept unless ``force``. A missing
    ``.vscode/settings.json`` is created; an existing one is kept, or with ``force``
    gets the schema mapping merged in (other settings stay). Modelines that itsmkit wrote
    (the old ``https://itsmkit.dev`` address, or a path into ``.itsmkit/schemas`` that no
    longer resolves from where the file is) are pointed at the local schemas: only that
    first line changes. Other modelines are the user's and stay.

    Raises:
        UsageError: ``root`` holds no ``itsmkit.yaml``.
    """
    from itsmkit.config import CONFIG_FILE
    from itsmkit.errors import UsageError
    from itsmkit.fsutil import atomic_write_text

    if not (root / CONFIG_FILE).is_file():
        raise UsageError(
            f"{root} holds no {CONFIG_FILE}: not a company repository",
            hint="Run it in the folder `itsmkit init` created, or give that folder.",
        )
    result = RefreshResult()
    recorded = _recorded(root)
    for rel, text in schema_files().items():
        path = root / rel
        current = _read(path)
        name = rel.rsplit("/", 1)[1]
        if current == text:
            result.unchanged.append(rel)
            continue
        ours = current is None or name == INDEX or recorded.get(name) == _sha256(current)
        if not ours and not force:
            result.kept.append(rel)
            continue
        atomic_write_text(path, text)
        result.written.append(rel)
    settings = root / VSCODE_SETTINGS
    current = _read(settings)
    if current is None and not settings.exists():
        atomic_write_text(settings, vscode_settings())
        result.written.append(VSCODE_SETTINGS)
    else:
        merged = _merged_settings(current) if current is not None else None
        if merged is not None and merged == current:
            result.unchanged.append(VSCODE_SETTINGS)
        elif merged is not None and force:
            atomic_write_text(settings, merged)
            result.written.append(VSCODE_SETTINGS)
        else:
            result.kept.append(VSCODE_SETTINGS)
    for path in _yaml_files(root):
        if _fix_modeline(root, path):
            result.modelines.append(path.relative_to(root).as_posix())
    return result


__all__ = [
    "SCHEMA_DIR",
    "VSCODE_SETTINGS",
    "RefreshResult",
    "editor_files",
    "modeline",
    "refresh",
    "schema_files",
    "schemas_prefix",
    "vscode_settings",
]
