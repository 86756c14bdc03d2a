"""Generate JSON Schemas from the models, for editors and for ``check-jsonschema``.

One schema per kind (``<kind>.schema.json``), one for batch files, one for
``itsmkit.yaml`` and a combined ``itsmkit.schema.json`` that picks the kind's schema
from the ``kind`` value.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from itsmkit.config import Config
from itsmkit.model.registry import BATCH_KIND, KINDS, batchable_kinds

BASE_URI = "https://itsmkit.dev/schemas/v1/"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _finish(schema: dict[str, Any], name: str, title: str) -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": BASE_URI + name, "title": title, **schema}


def kind_schema(kind: str) -> dict[str, Any]:
    """The schema of one kind's files."""
    model = KINDS[kind]
    schema = model.model_json_schema(mode="validation")
    schema.pop("title", None)
    props = schema["properties"]
    props["kind"] = {"const": kind, "description": f"Always '{kind}'."}
    props["schema_version"] = {"const": 1, "description": "Version of the file format."}
    schema["description"] = f"{model.title_en} / {model.title_fr}. {(model.__doc__ or '').strip()}"
    return _finish(schema, f"{kind}.schema.json", f"itsmkit {kind}")


def item_schema(kind: str) -> dict[str, Any]:
    """The schema of one item of a batch: the kind's schema without kind and version."""
    schema = KINDS[kind].model_json_schema(mode="validation")
    schema.pop("title", None)
    schema["properties"].pop("kind", None)
    schema["properties"].pop("schema_version", None)
    schema["properties"]["kind"] = {"const": kind}
    schema["required"] = [r for r in schema.get("required", []) if r not in ("kind", "schema_version")]
    return schema


def batch_schema() -> dict[str, Any]:
    """The schema of ``kind: batch`` files: ``of`` selects the item schema."""
    branches = []
    for kind in batchable_kinds():
        branches.append(
            {
                "if": {"properties": {"of": {"const": kind}}, "required": ["of"]},
                "then": {"properties": {"items": {"type": "array", "items": item_schema(kind)}}},
            }
        )
    schema = {
        "type": "object",
        "description": "Many records of one kind in one file (e.g. a month of incidents).",
        "properties": {
            "kind": {"const": BATCH_KIND},
            "of": {"enum": batchable_kinds()},
            "schema_version": {"const": 1},
            "items": {"type": "array"},
        },
        "required": ["kind", "of", "schema_version", "items"],
        "additionalProperties": False,
        "allOf": branches,
    }
    return _finish(schema, "batch.schema.json", "itsmkit batch of records")


def config_schema() -> dict[str, Any]:
    """The schema of ``itsmkit.yaml``."""
    schema = Config.model_json_schema(mode="validation")
    schema.pop("title", None)
    return _finish(schema, "itsmkit-config.schema.json", "itsmkit repository configuration")


def combined_schema() -> dict[str, Any]:
    """One schema for any artefact file, dispatching on ``kind``."""
    kinds = [*KINDS, BATCH_KIND]
    branches = [
        {
            "if": {"properties": {"kind": {"const": k}}, "required": ["kind"]},
            "then": {"$ref": f"{k}.schema.json"},
        }
        for k in kinds
    ]
    schema = {
        "type": "object",
        "properties": {"kind": {"enum": kinds}},
        "required": ["kind"],
        "allOf": branches,
    }
    return _finish(schema, "itsmkit.schema.json", "itsmkit artefact (any kind)")


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema, for every published schema."""
    out = {f"{k}.schema.json": kind_schema(k) for k in KINDS}
    out["batch.schema.json"] = batch_schema()
    out["itsmkit-config.schema.json"] = config_schema()
    out["itsmkit.schema.json"] = combined_schema()
    return out


def render(schema: dict[str, Any]) -> str:
    """Stable text of a schema file."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(target: Path) -> list[Path]:
    """Write every schema into ``target``; return the files whose content changed."""
    from itsmkit.fsutil import atomic_write_text

    target.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, schema in all_schemas().items():
        path = target / name
        text = render(schema)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write_text(path, text)
            changed.append(path)
    return changed


def stale_schemas(target: Path) -> list[str]:
    """Names of schema files in ``target`` that are missing, outdated or no longer generated."""
    expected = {name: render(s) for name, s in all_schemas().items()}
    stale = [
        name
        for name, text in expected.items()
        if not (target / name).exists() or (target / name).read_text(encoding="utf-8") != text
    ]
    if target.is_dir():
        stale.extend(p.name for p in target.glob("*.schema.json") if p.name not in expected)
    return sorted(stale)
