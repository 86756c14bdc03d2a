"""Safe, bounded YAML reading on libyaml, with positions recovered on demand.

The fast path parses with libyaml's C parser (through PyYAML) and a YAML 1.2 core
resolver, so ``no``, ``on`` or ``2025-01-01`` stay strings and pydantic does the typing.
Positions are not kept: a file with issues is parsed again with :func:`compose` and
:func:`locate` finds the line and column of a data path.

Limits guard against hostile input: file size, nesting depth (libyaml's composer
recurses in C and crashes on input nested tens of thousands deep, so depth is bounded
before composing), and alias expansion (billion laughs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
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

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one YAML file."""

    max_bytes: int = 5_000_000
    max_depth: int = 64
    max_nodes: int = 200_000


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file could not be read, with a 1-based position when known."""

    code: str
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None


@dataclass(slots=True)
class ReadResult:
    """What reading one file gave: data (if any) and problems (possibly several)."""

    data: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether data was produced (duplicate keys still produce data)."""
        return not any(p.code != "yaml-duplicate-key" for p in self.problems)


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


class _Constructor(SafeConstructor):
    """Safe constructor that records duplicate keys instead of silently keeping the last."""

    duplicates: list[Problem]

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
                first = seen[key].start_mark
                self.duplicates.append(
                    Problem(
                        "yaml-duplicate-key",
                        f"duplicate key {key!r} (first defined at line {first.line + 1}); "
                        "the later value would silently win",
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        "Keep one of the two entries.",
                    )
                )
            seen[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


# SafeConstructor registers constructors per class; construct_yaml_map calls construct_mapping.


class _Loader(_Parser, _Constructor, _Core12Resolver):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Core12Resolver.__init__(self)
        self.duplicates = []


_LEADING = re.compile(r"^[ \-?:]*", re.MULTILINE)


def _depth_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth.

    Block nesting needs at least one character of indentation or one ``- ``/``? ``
    indicator per level at the start of a line; flow nesting needs a bracket per level.
    """
    lead = max((len(m) for m in _LEADING.findall(text)), default=0)
    return lead + text.count("[") + text.count("{") + 1


def _exact_depth(text: str, limit: int) -> Problem | None:
    """Walk parser events (no recursion) and report where nesting passes ``limit``."""
    depth = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limit:
                    mark = event.start_mark
                    return Problem(
                        "yaml-too-deep",
                        f"nesting deeper than {limit} levels",
                        mark.line + 1,
                        mark.column + 1,
                        "Artefacts are a few levels deep; this file is probably not one.",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    return None


def _expanded_size(root: Node, limit: int) -> int:
    """Count nodes as if aliases were expanded, stopping once ``limit`` is passed."""
    memo: dict[int, int] = {}

    def size(node: Node) -> int:
        key = id(node)
        if key in memo:
            return memo[key]
        memo[key] = 1  # guards against recursive aliases
        total = 1
        if isinstance(node, SequenceNode):
            for item in node.value:
                total += size(item)
                if total > limit:
                    break
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
                if total > limit:
                    break
        memo[key] = total
        return total

    return size(root)


def decode(data: bytes) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (a BOM is allowed and dropped), or say where the bad byte is."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(
            "yaml-encoding",
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
            line,
            column,
            "Save the file as UTF-8 (most editors: 'Save with encoding').",
        )


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _syntax_problem(exc: yaml.YAMLError, text: str = "") -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{problem} ({context})" if context else str(problem)
    hint = None
    code = "yaml-syntax"
    if mark is not None and (
        _char_at(text, mark.line, mark.column) == "\t" or "'\\t'" in message
    ):
        message = "tab character where YAML expects spaces"
        hint = "YAML indentation must use spaces, not tabs."
    elif "expected a single document" in message:
        code = "yaml-multi-document"
        hint = "Keep one artefact per file, or use `kind: batch` with `items:` for many records."
    elif "could not determine a constructor" in message:
        code = "yaml-tag"
        hint = "Tags such as !!python/object are not allowed; write plain values."
    elif "mapping values are not allowed" in message:
        hint = "A value containing ': ' must be quoted."
    elif "found character" in message and "cannot start any token" in message:
        hint = "Quote values that start with special characters such as @, ` or %."
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return Problem(code, message, line, column, hint)


def read(data: bytes, limits: Limits = Limits()) -> ReadResult:
    """Parse one file's bytes into plain data, or into problems. Never raises on input."""
    result = ReadResult()
    if len(data) > limits.max_bytes:
        result.problems.append(
            Problem(
                "yaml-too-large",
                f"file is {len(data):,} bytes, over the limit of {limits.max_bytes:,}",
                1,
                1,
                "Split it (batch files by month), or raise limits.max_file_bytes in itsmkit.yaml.",
            )
        )
        return result
    text, problem = decode(data)
    if problem is not None or text is None:
        result.problems.append(problem or Problem("yaml-encoding", "cannot decode file"))
        return result
    if _depth_bound(text) > limits.max_depth:
        deep = _safe(lambda: _exact_depth(text, limits.max_depth), text)
        if isinstance(deep, Problem):
            result.problems.append(deep)
            return result
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            result.problems.append(
                Problem(
                    "yaml-empty",
                    "file is empty: an artefact needs at least kind, id and schema_version",
                    1,
                    1,
                    "Delete the file, or start it from `itsmkit init` templates.",
                )
            )
            return result
        if "&" in text and _expanded_size(node, limits.max_nodes) > limits.max_nodes:
            result.problems.append(
                Problem(
                    "yaml-alias-limit",
                    f"aliases expand to more than {limits.max_nodes:,} nodes",
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    "Write values out instead of nesting anchors and aliases.",
                )
            )
            return result
        result.data = loader.construct_document(node)
        result.problems.extend(loader.duplicates)
    except yaml.YAMLError as exc:
        result.problems.append(_syntax_problem(exc, text))
    except RecursionError:
        result.problems.append(
            Problem("yaml-too-deep", "nesting too deep to read", 1, 1, "Flatten the structure.")
        )
    finally:
        loader.dispose()
    return result


def _safe(fn: Any, text: str) -> Any:
    try:
        return fn()
    except yaml.YAMLError as exc:
        return _syntax_problem(exc, text)


def compose(text: str) -> Node | None:
    """Parse again keeping the node tree (with marks), for locating issues."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def locate(root: Node | None, loc: tuple[str | int, ...]) -> tuple[int, int]:
    """The 1-based line and column of the deepest node ``loc`` reaches.

    Mapping entries point at their key, sequence items at the item. Parts of ``loc``
    that name no node (pydantic's union branch tags) are skipped.
    """
    if root is None:
        return (1, 1)
    node: Node = root
    mark = root.start_mark
    for part in loc:
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                    mark = key_node.start_mark
                    node = value_node
                    break
            else:
                continue
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                continue
        else:
            continue
    return (mark.line + 1, mark.column + 1)
