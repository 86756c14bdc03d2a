"""iTop: the CSV export (``,``, ``Y-m-d H:i:s``) and the REST/JSON ``core/get`` answer.

``core/get`` answers ``{"objects": {"UserRequest::12": {"class": ..., "key": ...,
"fields": {...}}}}``; the class tells incidents from user requests. A CSV export holds one
class; its ``ref`` (``I-000012`` incident, ``R-000012`` request) tells them apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from itsmkit.importers.base import (
    ReadContext,
    SourceRow,
    counted,
    csv_rows,
    flatten,
    problem,
    read_json,
    read_text,
    register,
)

_REF_COLUMNS = ("ref", "Ref", "Référence")


class Itop:
    """iTop CSV or REST JSON."""

    name = "itop"
    description = "iTop CSV export or REST/JSON core/get answer (Incident, UserRequest)"

    def read(self, path: Path, ctx: ReadContext) -> Iterator[SourceRow]:
        """Yield one row per ticket."""
        head = read_text(path, ctx).lstrip("\ufeff \r\n\t")[:1]
        if head == "{":
            yield from self._json(path, ctx)
            return
        for row in csv_rows(path, ctx):
            if "class" not in row.values:
                ref = next((row.values[c] for c in _REF_COLUMNS if c in row.values), "")
                if isinstance(ref, str) and ref[:2] in ("I-", "R-"):
                    row.values["class"] = "Incident" if ref.startswith("I-") else "UserRequest"
            yield row

    def _json(self, path: Path, ctx: ReadContext) -> Iterator[SourceRow]:
        data = read_json(path, ctx)
        objects = data.get("objects") if isinstance(data, dict) else None
        if not isinstance(objects, dict):
            code = data.get("code") if isinstance(data, dict) else None
            message = data.get("message") if isinstance(data, dict) else None
            raise problem(
                ctx,
                1,
                f"no iTop objects here (code {code!r}: {message!r})",
                hint="Export with operation core/get on class Incident or UserRequest.",
            )
        for number, obj in counted(list(objects.values()), ctx):
            if not isinstance(obj, dict) or not isinstance(obj.get("fields"), dict):
                raise problem(ctx, number, "an iTop object without `fields`")
            fields = obj["fields"]
            ctx.mapping.check_columns(fields.keys(), ctx, number)
            values = flatten(fields)
            values["class"] = str(obj.get("class", ""))
            values.setdefault("key", str(obj.get("key", "")))
            yield SourceRow(values, number)


register(Itop())
