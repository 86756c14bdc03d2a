"""Guards that keep hostile YAML from crashing libyaml or exhausting memory.

A cheap bound of the nesting depth, an event walk that measures it without recursion
(on libyaml or on PyYAML's pure parser), and the size of a document with its aliases
expanded (the billion-laughs guard).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from itsmkit.repo.yamlcore import Loader

_LEADING = re.compile(r"^[ \t\-?:]*", re.MULTILINE)

# libyaml's composer recurses in C, about 340 bytes of stack per level: measured, it
# crashes between 22,000 and 25,000 levels on an 8 MB main-thread stack and between
# 1,500 and 2,000 on a 512 KB thread stack (macOS's default for threads). Text that
# cannot nest deeper than the guard is composed directly, its depth checked while
# building; other text is first walked event by event, without recursion.
COMPOSE_GUARD_MAIN = 8000
COMPOSE_GUARD_THREAD = 1000


def compose_guard() -> int:
    """Deepest nesting this thread may hand to libyaml's composer."""
    if threading.current_thread() is threading.main_thread():
        return COMPOSE_GUARD_MAIN
    return COMPOSE_GUARD_THREAD


def depth_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth.

    Block nesting needs at least one character of indentation or one ``- ``/``? ``
    indicator per level at the start of a line; flow nesting needs a bracket per level.
    """
    if len(text) < COMPOSE_GUARD_THREAD:
        return len(text) + 1
    lead = max(map(len, _LEADING.findall(text)), default=0)
    return lead + text.count("[") + text.count("{") + 1


def _deepest(events: Iterable[Any], limit: int) -> Any:
    """The start mark of the first collection nested past ``limit``, or None."""
    depth = 0
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                return event.start_mark
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def exact_depth(text: str, limit: int) -> Any:
    """Walk parser events (no recursion); the mark where nesting passes ``limit``, or None."""
    loader = Loader(text)

    def events() -> Iterator[Any]:
        while loader.check_event():
            yield loader.get_event()

    try:
        return _deepest(events(), limit)
    finally:
        loader.dispose()


def is_nesting_limit(exc: yaml.YAMLError) -> bool:
    """Whether libyaml itself refused the nesting (libyaml 0.2.6 stops at 1,000 levels)."""
    return getattr(exc, "problem", None) == "exceeded maximum nesting depth"


def python_depth_mark(text: str, limit: int) -> Any:
    """Like :func:`exact_depth` on PyYAML's pure parser, which has no nesting limit of its own.

    Used only after libyaml refused a file for nesting past its own limit, so the report
    names the place where the configured limit is passed, whichever libyaml is installed.
    Returns None if the text never nests past ``limit``.
    """
    try:
        return _deepest(yaml.parse(text, Loader=yaml.SafeLoader), limit)
    except yaml.YAMLError:
        return None


def expanded_size(root: Node, limit: int) -> int:
    """Count nodes as if aliases were expanded, stopping once ``limit`` is passed.

    Iterative, so deep input cannot exhaust Python's stack. Returns -1 when an alias sits
    inside its own anchor (an endless expansion).
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            total = 1
            if isinstance(node, SequenceNode):
                total += sum(sizes[id(item)] for item in node.value)
            elif isinstance(node, MappingNode):
                total += sum(sizes[id(k)] + sizes[id(v)] for k, v in node.value)
            sizes[key] = total
            if total > limit:
                return total
            continue
        if key in sizes:
            continue
        if key in active:
            return -1
        if isinstance(node, ScalarNode):
            sizes[key] = 1
            continue
        active.add(key)
        stack.append((node, True))
        if isinstance(node, SequenceNode):
            stack.extend((item, False) for item in reversed(node.value))
        elif isinstance(node, MappingNode):
            for k, v in reversed(node.value):
                stack.append((v, False))
                stack.append((k, False))
    return sizes.get(id(root), 1)
