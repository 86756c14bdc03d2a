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
from itsmkit.model.types import DURATION_PATTERN

DIALECT = "https://json-schema.org/draft/2020-12/schema"


# Non-negative decimals as pydantic's Decimal reads them from text, e.g. "1200.50".
_NON_NEGATIVE_DECIMAL = r"^\s*\+?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$"
_CURRENCY = r"^[A-Z]{3}$"
# Many validators do not assert "format"; these patterns say the same for dates and for
# timestamps (types.Timestamp), whose UTC offset may be left out: the loader then reads
# them in the repository's time_zone (repo/localtimes.py).
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_TIMESTAMP = (
    r"^\d{4}-\d{2}-\d{2}[Tt _]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$"
)
# Text the duration pattern lets through but the duration parser refuses: no amount at all.
_NO_DURATION = r"^\s*(?:PT?)?\s*$"


def _finish(schema: dict[str, Any], title: str) -> dict[str, Any]:
    # No "$id": each schema is known by where it is read from (a company's own
    # .itsmkit/schemas, or schemas/ here), so the relative "$ref"s between them resolve
    # offline, beside the file, in editors and in check-jsonschema alike.
    return {"$schema": DIALECT, "title": title, **_tighten(schema)}


def _tighten(node: Any) -> Any:
    """State in the schema what the models check in code, so editors agree with validate.

    pydantic leaves out of its schemas what validators check: a decimal given as text
    must still be a non-negative number, a currency is an ISO 4217 code, a duration
    names an amount, and timestamps carry a time (their offset may be left out).
    """
    if isinstance(node, list):
        return [_tighten(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _tighten(value) for key, value in node.items()}
    branches = out.get("anyOf")
    if isinstance(branches, list) and {"type": "string"} in branches:
        numbers = [b for b in branches if isinstance(b, dict) and b.get("type") == "number"]
        if numbers and all(b.get("minimum", -1) >= 0 for b in numbers):
            text = {"type": "string", "pattern": _NON_NEGATIVE_DECIMAL}
            out["anyOf"] = [text if b == {"type": "string"} else b for b in branches]
    if out.get("type") == "string" and "pattern" not in out:
        if out.get("format") == "date":
            out["pattern"] = _DATE
        elif out.get("format") == "date-time":
            out["pattern"] = _TIMESTAMP
    if out.get("pattern") == DURATION_PATTERN and "not" not in out:
        out["not"] = {"pattern": _NO_DURATION}
    if out.get("title") == "Money" and "currency" in out.get("properties", {}):
        out["properties"]["currency"] = {**out["properties"]["currency"], "pattern": _CURRENCY}
    return out


def kind_schema(kind: str) -> dict[str, Any]:
    """The schema of one kind's files."""
    model = KINDS[kind]
    schema = model.model_json_schema(mode="validation")
    schema.pop("title", None)
    props = schema["properties"]
    props["kind"] = {"const": kind, "description": f"Always '{kind}'."}
    props["schema_version"] = {"const": 1, "description": "Version of the file format."}
    schema["description"] = f"{model.title_en} / {model.title_fr}. {(model.__doc__ or '').strip()}"
    return _finish(schema, f"itsmkit {kind}")


def item_schema(kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The schema of one item of a batch, and the definitions it refers to.

    Items may leave out ``kind`` and ``schema_version`` (the batch gives them). The
    definitions are renamed ``<kind>.<name>`` so they can live at the batch schema's
    top level, where ``#/$defs/...`` references resolve.
    """
    schema = KINDS[kind].model_json_schema(mode="validation")
    schema.pop("title", None)
    defs = schema.pop("$defs", {})
    schema["properties"]["kind"] = {"const": kind}
    schema["properties"]["schema_version"] = {"const": 1}
    given = ("kind", "schema_version")
    schema["required"] = [r for r in schema.get("required", []) if r not in given]
    renamed = {f"{kind}.{name}": _rename_refs(body, kind) for name, body in defs.items()}
    return _rename_refs(schema, kind), renamed


def _rename_refs(node: Any, kind: str) -> Any:
    if isinstance(node, list):
        return [_rename_refs(item, kind) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _rename_refs(value, kind) for key, value in node.items()}
    ref = out.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        out["$ref"] = f"#/$defs/{kind}.{ref[len('#/$defs/') :]}"
    return out


def batch_schema() -> dict[str, Any]:
    """The schema of ``kind: batch`` files: ``of`` selects the item schema."""
    branches = []
    defs: dict[str, Any] = {}
    for kind in batchable_kinds():
        item, item_defs = item_schema(kind)
        defs.update(item_defs)
        branches.append(
            {
                "if": {"properties": {"of": {"const": kind}}, "required": ["of"]},
                "then": {"properties": {"items": {"type": "array", "items": item}}},
            }
        )
    schema: dict[str, Any] = {
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
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return _finish(schema, "itsmkit batch of records")


def config_schema() -> dict[str, Any]:
    """The schema of ``itsmkit.yaml``."""
    schema = Config.model_json_schema(mode="validation")
    schema.pop("title", None)
    return _finish(schema, "itsmkit repository configuration")


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
    return _finish(schema, "itsmkit artefact (any kind)")


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


def write_schemas(target: Path, *, force: bool = False) -> list[Path]:
    """Write every schema into ``target``; return the files whose content changed.

    Under the one output policy (:func:`itsmkit.fsutil.write_outputs`): files that differ
    are replaced only with ``force``, identical ones are left alone.
    """
    from itsmkit.fsutil import UNCHANGED, write_outputs

    if target.exists() and not target.is_dir():
        from itsmkit.errors import UsageError

        raise UsageError(
            f"{target} exists and is not a folder: `schema -o` writes one file per kind",
            hint="Give a folder (new or existing) with -o, e.g. `-o schemas`.",
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from itsmkit.errors import FileSystemError

        raise FileSystemError.of(exc, path=target) from None
    planned = [(target / name, render(schema)) for name, schema in all_schemas().items()]
    statuses = write_outputs(planned, force=force)
    return [
        path for (path, _), status in zip(planned, statuses, strict=True) if status != UNCHANGED
    ]


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
