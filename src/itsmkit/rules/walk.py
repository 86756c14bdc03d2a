"""Find reference fields in artefacts quickly, with a plan computed once per model class.

Walking every field of tens of thousands of records by reflection is slow; instead each
class gets a list of the fields that hold references or nested models, and only those
are visited.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from itsmkit.issues import Loc
from itsmkit.model.types import Ref


@dataclass(frozen=True, slots=True)
class _FieldPlan:
    name: str
    kinds: tuple[str, ...] | None  # set when the field holds references
    nested: bool  # set when the field holds models to descend into


def _ref_kinds(annotation: Any) -> tuple[str, ...] | None:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            if isinstance(meta, Ref):
                return meta.kinds
        return _ref_kinds(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple):
        for arg in typing.get_args(annotation):
            found = _ref_kinds(arg)
            if found:
                return found
    return None


def _has_model(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _has_model(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple):
        return any(_has_model(a) for a in typing.get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


@cache
def plan(model: type[BaseModel]) -> tuple[_FieldPlan, ...]:
    """Fields of ``model`` worth visiting for references."""
    out = []
    for name, info in model.model_fields.items():
        kinds = _ref_kinds(info.annotation)
        if kinds is None:
            for meta in info.metadata:
                if isinstance(meta, Ref):
                    kinds = meta.kinds
        nested = _has_model(info.annotation)
        if kinds or nested:
            out.append(_FieldPlan(name, kinds, nested))
    return tuple(out)


def references(obj: BaseModel, prefix: Loc = ()) -> Iterator[tuple[Loc, str, tuple[str, ...]]]:
    """Yield ``(loc, target id, allowed kinds)`` for every reference in ``obj``."""
    for field in plan(type(obj)):
        value = getattr(obj, field.name)
        if value is None:
            continue
        loc = (*prefix, field.name)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if field.kinds and isinstance(item, str):
                    yield (*loc, index), item, field.kinds
                elif isinstance(item, BaseModel):
                    yield from references(item, (*loc, index))
        elif field.kinds and isinstance(value, str):
            yield loc, value, field.kinds
        elif isinstance(value, BaseModel):
            yield from references(value, loc)
