"""Safe, bounded YAML reading on libyaml, with positions recovered on demand.

The fast path parses with libyaml's C parser (through PyYAML) and a YAML 1.2 core
resolver, so ``no``, ``on`` or ``2025-01-01`` stay strings and pydantic does the typing.
Positions are not kept: a file with issues is parsed again with :func:`compose` and
:func:`locate` finds the line and column of a data path.

Limits guard against hostile input: file size, nesting depth (libyaml's composer
recurses in C and crashes on input nested tens of thousands deep, so text that could
nest that deep is measured event by event before composing), and alias expansion
(billion laughs). :func:`read` never raises on any input: every failure is a
:class:`ReadProblem`. The machinery lives in :mod:`itsmkit.repo.yamlcore`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from itsmkit.config import Limits
from itsmkit.repo.yamlcore import HAVE_LIBYAML as HAVE_LIBYAML
from itsmkit.repo.yamlcore import (
    BadTagError,
    BadValueError,
    Loader,
    TooDeepError,
    construct,
)
from itsmkit.repo.yamlguard import (
    compose_guard,
    depth_bound,
    exact_depth,
    expanded_size,
    is_nesting_limit,
    python_depth_mark,
)

BOM = b"\xef\xbb\xbf"
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class ReadProblem:
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
    problems: list[ReadProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether data was produced (duplicate keys still produce data)."""
        return not any(p.code != "yaml-duplicate-key" for p in self.problems)


def _duplicate(key: Any, first: Node, again: Node) -> ReadProblem:
    return ReadProblem(
        "yaml-duplicate-key",
        f"duplicate key {key!r} (first defined at line {first.start_mark.line + 1}); "
        "the later value would silently win",
        again.start_mark.line + 1,
        again.start_mark.column + 1,
        "Keep one of the two entries.",
    )


def _too_deep(limit: int, mark: Any) -> ReadProblem:
    return ReadProblem(
        "yaml-too-deep",
        f"nesting deeper than {limit} levels",
        mark.line + 1,
        mark.column + 1,
        "Artefacts are a few levels deep; this file is probably not one.",
    )


def decode(data: bytes) -> tuple[str | None, ReadProblem | None]:
    """Decode UTF-8 (a BOM is allowed and dropped), or say where the bad byte is."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, ReadProblem(
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


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> ReadProblem:
    """A character the YAML reader refuses (raw control characters), at its position."""
    index = exc.position if 0 <= exc.position <= len(text) else 0
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return ReadProblem(
        "yaml-syntax",
        f"character U+{char:04X} is not allowed ({exc.reason})",
        line,
        column,
        "Delete the character; a text editor that shows invisible characters helps find it.",
    )


def _syntax_problem(exc: yaml.YAMLError, text: str = "") -> ReadProblem:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(exc, text)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{problem} ({context})" if context else str(problem)
    hint = None
    code = "yaml-syntax"
    if mark is not None and (_char_at(text, mark.line, mark.column) == "\t" or "'\\t'" in message):
        message = "tab character where YAML expects spaces"
        hint = "YAML indentation must use spaces, not tabs."
    elif "expected a single document" in message:
        code = "yaml-multi-document"
        message = "a second YAML document starts here: a file holds one document"
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
    return ReadProblem(code, message, line, column, hint)


def _tag_problem(node: Node) -> ReadProblem:
    tag = str(node.tag)
    shown = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
    return ReadProblem(
        "yaml-tag",
        f"tag {shown} is not allowed: artefacts hold plain values only",
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        "Remove the tag and write a plain value (tags such as !!python/object are refused).",
    )


def read(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Parse one file's bytes into plain data, or into problems. Never raises on input."""
    result = ReadResult()
    if len(data) > limits.max_bytes:
        result.problems.append(
            ReadProblem(
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
        result.problems.append(problem or ReadProblem("yaml-encoding", "cannot decode file"))
        return result
    guard = compose_guard()
    if depth_bound(text) > guard:
        # Composing could overflow libyaml's C stack: measure first, compose only if safe.
        limit = min(limits.max_depth, guard)
        deep = _safe(lambda: exact_depth(text, limit), text, limit)
        if deep is not None:
            result.problems.append(
                deep if isinstance(deep, ReadProblem) else _too_deep(limit, deep)
            )
            return result
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            result.problems.append(
                ReadProblem(
                    "yaml-empty",
                    "file is empty: an artefact needs at least kind, id and schema_version",
                    1,
                    1,
                    "Delete the file, or start it from `itsmkit init` templates.",
                )
            )
            return result
        data_out = construct(loader, node, limits.max_depth, tagged="!" in text)
        size = expanded_size(node, limits.max_nodes) if "&" in text else 0
        if size > limits.max_nodes or size < 0:
            result.problems.append(
                ReadProblem(
                    "yaml-alias-limit",
                    f"aliases expand to more than {limits.max_nodes:,} nodes"
                    if size > 0
                    else "an alias refers to the anchor that contains it (endless expansion)",
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    "Write values out instead of nesting anchors and aliases.",
                )
            )
            return result
        result.data = data_out
        result.problems.extend(_duplicate(*d) for d in loader.duplicates)
    except yaml.YAMLError as exc:
        result.problems.append(_yaml_problem(exc, text, limits.max_depth))
    except TooDeepError as exc:
        result.problems.append(_too_deep(limits.max_depth, exc.node.start_mark))
    except BadTagError as exc:
        result.problems.append(_tag_problem(exc.node))
    except BadValueError as exc:
        mark = exc.node.start_mark
        result.problems.append(
            ReadProblem(
                "yaml-syntax",
                exc.why,
                mark.line + 1,
                mark.column + 1,
                "Quote the value to keep it as text, or correct it.",
            )
        )
    except RecursionError:
        result.problems.append(
            ReadProblem("yaml-too-deep", "nesting too deep to read", 1, 1, "Flatten the structure.")
        )
    finally:
        loader.dispose()
    return result


def _safe(fn: Any, text: str, limit: int) -> Any:
    try:
        return fn()
    except yaml.YAMLError as exc:
        return _yaml_problem(exc, text, limit)


def _yaml_problem(exc: yaml.YAMLError, text: str, limit: int) -> ReadProblem:
    """A syntax problem, or too-deep nesting when libyaml's own depth limit stopped it."""
    if is_nesting_limit(exc):
        mark = python_depth_mark(text, limit) or getattr(exc, "problem_mark", None)
        if mark is not None:
            return _too_deep(limit, mark)
    return _syntax_problem(exc, text)


def compose(text: str) -> Node | None:
    """Parse again keeping the node tree (with marks), for locating issues.

    Returns None for text that does not parse, or that is nested too deep to compose
    safely.
    """
    guard = compose_guard()
    if depth_bound(text) > guard and _safe(lambda: exact_depth(text, guard), text, guard):
        return None
    loader = Loader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def locate(
    root: Node | None, loc: tuple[str | int, ...], *, value: bool = False
) -> tuple[int, int]:
    """The 1-based line and column of the deepest node ``loc`` reaches.

    Mapping entries point at their key, sequence items at the item; with ``value``, an
    entry whose value is a scalar points at the value (where the wrong text is). Parts
    of ``loc`` that name no node (pydantic's union branch tags) are skipped.
    """
    if root is None:
        return (1, 1)
    if loc[-1:] == ("[key]",):  # pydantic's mark of an error in a mapping's key
        value = False
    node: Node = root
    mark = root.start_mark
    for part in loc:
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                    mark = key_node.start_mark
                    node = value_node
                    if value and isinstance(value_node, ScalarNode):
                        mark = value_node.start_mark
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


def read_package_data(path: Path) -> dict[str, Any]:
    """The mapping a YAML data file shipped with itsmkit holds.

    A broken data file is a bug in itsmkit (the tests read every one), not bad input:
    it raises ``RuntimeError`` naming the file and its problems.
    """
    result = read(path.read_bytes())
    if not result.ok or not isinstance(result.data, dict):
        raise RuntimeError(f"{path}: {result.problems or 'not a mapping'}")
    data: dict[str, Any] = result.data
    return data
