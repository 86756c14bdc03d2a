"""libyaml's parser under YAML 1.2 core rules, and a fast builder of plain data.

PyYAML's generic constructor spends most of a load in Python bookkeeping; the builder
here handles the core schema (the whole of ordinary artefacts) directly, several times
faster, and hands the rare other standard tags to PyYAML's safe constructor. The guards
against hostile input live in :mod:`itsmkit.repo.yamlguard`; problems are reported by
:mod:`itsmkit.repo.yamlread`.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

try:  # libyaml is bundled with PyYAML wheels; fall back to the pure parser without it.
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the platform's wheel
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

    HAVE_LIBYAML = False


class _Core12Resolver(BaseResolver):
    """YAML 1.2 core schema: no yes/no booleans, no sexagesimals, no implicit dates."""


_Core12Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_Core12Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Core12Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Core12Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"

# Implicit resolvers by first character, so most plain scalars need one dict lookup.
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
for _first, _pairs in _Core12Resolver.yaml_implicit_resolvers.items():
    _IMPLICIT[_first] = tuple(_pairs)


class _Constructor(SafeConstructor):
    """Safe constructor that records duplicate keys instead of silently keeping the last.

    Only used for the rare nodes the fast builder hands over (``!!timestamp``, ``!!set``,
    ``!!binary``, merge keys...).
    """

    duplicates: list[tuple[Any, Node, Node]]

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        seen: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError as exc:
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found unhashable key",
                    key_node.start_mark,
                ) from exc
            if key in seen:
                self.duplicates.append((key, seen[key], key_node))
            seen[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


class Loader(_Parser, _Constructor, _Core12Resolver):
    """libyaml's parser and composer, YAML 1.2 core resolution, safe construction."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Core12Resolver.__init__(self)
        self.duplicates = []

    # The composer calls these three for every node; without path resolvers the first
    # two do nothing and the third needs only the first-character table.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The tag of an untagged node under the YAML 1.2 core schema."""
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


class TooDeepError(Exception):
    """The builder met a collection nested deeper than the limit (never leaves yamlread)."""

    def __init__(self, node: Node) -> None:
        self.node = node


class BadTagError(Exception):
    """A node carries a tag that is not a standard YAML one."""

    def __init__(self, node: Node) -> None:
        self.node = node


class BadValueError(Exception):
    """A tagged scalar cannot be read as its tag says (``!!int one``)."""

    def __init__(self, node: Node, why: str) -> None:
        self.node = node
        self.why = why


def _int(text: str) -> int:
    body = text.replace("_", "")
    sign = -1 if body[:1] == "-" else 1
    digits = body.lstrip("+-")
    if digits[:2] in ("0o", "0O"):
        return sign * int(digits[2:], 8)
    if digits[:2] in ("0x", "0X"):
        return sign * int(digits[2:], 16)
    if digits[:2] in ("0b", "0B"):
        return sign * int(digits[2:], 2)
    return sign * int(digits, 10)  # YAML 1.2: a leading zero is not octal


def _float(text: str) -> float:
    lowered = text.replace("_", "").lower()
    if lowered.endswith((".inf", ".nan")):
        lowered = lowered.replace(".", "")
    return float(lowered)


_BOOLS = {"true": True, "false": False}


def _scalar(node: ScalarNode, tag: str) -> Any:
    value: str = node.value
    try:
        if tag == _NULL:
            return None
        if tag == _INT:
            return _int(value)
        if tag == _FLOAT:
            return _float(value)
        if tag == _BOOL:
            return _BOOLS[value.lower()]
    except (ValueError, KeyError) as exc:
        kind = tag.rsplit(":", 1)[-1]
        raise BadValueError(
            node, f"cannot read {_short(value)} as {kind}: {_reason(exc)}"
        ) from None
    return _DELEGATE


def _short(value: str) -> str:
    return repr(value) if len(value) <= 40 else repr(value[:37] + "...")


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "Exceeds the limit" in text:
        return "too many digits"
    return "not a valid value" if isinstance(exc, KeyError) else text.split(":")[0]


_DELEGATE = object()
_SAFE_TAGS = frozenset(k for k in SafeConstructor.yaml_constructors if k)


def _core_scalar(constructor: _Constructor, node: Node) -> Any:
    if not isinstance(node, ScalarNode):
        raise ConstructorError(
            None, None, f"expected a scalar, found a {type(node).__name__}", node.start_mark
        )
    return _scalar(node, str(node.tag))


# Inside nodes handed to PyYAML (under !!set, !!omap...), scalars still follow YAML 1.2.
for _tag in (_INT, _FLOAT, _BOOL):
    _Constructor.add_constructor(_tag, _core_scalar)  # type: ignore[type-var]  # stubs expect a yaml.Loader


def construct(loader: Loader, root: Node, limit: int, *, tagged: bool = True) -> Any:
    """Build Python data from the node tree, checking depth as it goes.

    Core-schema nodes (the whole of ordinary artefacts) are built here, several times
    faster than PyYAML's generic constructor; other standard tags are handed to it.
    Collections are memoised by node, so aliases share one object and are built once.
    ``tagged`` False says the text holds no ``!``, so no key can carry a merge tag.
    """
    memo: dict[int, Any] = {}
    duplicates = loader.duplicates

    def other(node: Node) -> Any:
        if node.tag not in _SAFE_TAGS:
            raise BadTagError(node)
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, TypeError, AttributeError, OverflowError, KeyError, IndexError) as exc:
            # PyYAML's constructors for !!timestamp, !!binary... fail this way on bad values.
            tag = str(node.tag).rsplit(":", 1)[-1]
            raise BadValueError(node, f"cannot read this value as {tag}: {exc}") from None

    def build(node: Node, depth: int) -> Any:
        cls = node.__class__
        if cls is ScalarNode:
            tag = node.tag
            if tag == _STR:
                return node.value
            value = _scalar(node, tag)  # type: ignore[arg-type]
            return other(node) if value is _DELEGATE else value
        key = id(node)
        if key in memo:
            return memo[key]
        if depth > limit:
            raise TooDeepError(node)
        if cls is SequenceNode:
            if node.tag != _SEQ:
                return other(node)
            items: list[Any] = []
            memo[key] = items
            for item in node.value:
                items.append(build(item, depth + 1))
            return items
        if node.tag != _MAP:
            return other(node)
        pairs = node.value
        if tagged and any(k.tag == _MERGE for k, _ in pairs):
            return other(node)
        mapping: dict[Any, Any] = {}
        memo[key] = mapping
        for key_node, value_node in pairs:
            if key_node.__class__ is ScalarNode and key_node.tag == _STR:
                name = key_node.value
            else:
                name = build(key_node, depth + 1)
                try:
                    hash(name)
                except TypeError:
                    raise ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        "found unhashable key",
                        key_node.start_mark,
                    ) from None
            mapping[name] = build(value_node, depth + 1)
        if len(mapping) != len(pairs):
            seen: dict[Any, Node] = {}
            for key_node, _ in pairs:
                name = build(key_node, depth + 1)
                if name in seen:
                    duplicates.append((name, seen[name], key_node))
                seen[name] = key_node
        return mapping

    return build(root, 1)
