"""The packages form layers, and no import ever goes up one (so no cycle can come back).

A small AST walk rather than import-linter: no extra dependency, and it sees every import
the way the code is written, lazy imports inside functions and ``TYPE_CHECKING`` blocks
included (a lazy import is still a dependency; only the moment it costs differs).

A unit is a subpackage of ``itsmkit`` (``repo``) or a top-level module (``config``). Each
layer may import only from the layers below it; units in the same layer are independent.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "itsmkit"

# Top to bottom. The README's architecture paragraph describes the same order.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__main__",),
    ("cli",),
    ("site",),  # the static site: pages from the audit, trace, SLA figures and the index
    ("audit",),
    # Beside the chain: the deliverable renderer and the printers...
    ("render", "report"),
    # ...and what they may print or use: the scaffold (init) and the JSON Schemas.
    ("scaffold",),
    ("editors",),  # the schemas and modelines a company repository carries (init, refresh)
    ("schemagen",),
    # Commands' libraries: edit (new, rename) uses the index of query (list, show, due);
    # importers turn helpdesk exports into records.
    ("edit",),
    ("query", "importers"),
    ("changed",),  # validate --changed: a full run filtered to what a change affects
    # The validator, and beside it the cross-file rules' results remembered (render,
    # audit and site reuse them).
    ("validator", "rulecache"),
    ("incremental",),  # validate from the cache's summaries: only what changed is checked
    ("rules",),
    ("sla",),  # SLA attainment computed from the records (rules and the audit read it)
    ("frameworks",),
    ("repo",),
    ("config",),
    ("model",),
    ("catalogue",),
    ("transaction",),  # several files written all or none (staging folder and journal)
    ("fsutil",),  # atomic writes and the one -o overwrite policy (raises WriteConflictError)
    # The bottom: the issue record, errors, the JSON envelope, package data.
    (
        "issues",
        "errors",
        "envelope",
        "resources",
        "textsafe",
        "french",
        "modelines",
        "gcpause",
        "usercache",
    ),
    ("walltime",),  # whether a local time happens once, never or twice in a zone (DST)
    ("__init__",),  # the version
)

Edge = tuple[str, str, str, int]  # (from unit, to unit, file, line)


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_of(path: Path) -> tuple[str, list[str]]:
    parts = ["itsmkit", *path.relative_to(SRC).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts = parts[:-1]
        return ".".join(parts), parts
    return ".".join(parts), parts[:-1]


def _imports(path: Path) -> Iterable[tuple[str, int]]:
    _, package = _module_of(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "itsmkit":
                # `from itsmkit import x`: x may be a submodule or a name of __init__.
                for alias in node.names:
                    sub = SRC / alias.name
                    named = sub.is_dir() or sub.with_suffix(".py").exists()
                    yield (f"itsmkit.{alias.name}" if named else "itsmkit"), node.lineno
            else:
                yield target, node.lineno


def package_edges(root: Path = SRC) -> list[Edge]:
    """Every import from one unit of the package to another, with where it is written."""
    edges: list[Edge] = []
    for path in sorted(root.rglob("*.py")):
        module, _ = _module_of(path)
        source = _unit(module) if module != "itsmkit" else "__init__"
        for target, line in _imports(path):
            if target != "itsmkit" and not target.startswith("itsmkit."):
                continue
            dest = _unit(target)
            if dest != source:
                where = str(path.relative_to(root.parent))
                edges.append((source, dest, where, line))
    return edges


def violations(edges: Iterable[Edge], layers: tuple[tuple[str, ...], ...]) -> list[str]:
    """Imports that go up a layer or sideways within one, or touch a unit no layer names."""
    rank: Mapping[str, int] = {unit: i for i, layer in enumerate(layers) for unit in layer}
    found = []
    for source, dest, where, line in edges:
        if source not in rank or dest not in rank:
            unknown = source if source not in rank else dest
            found.append(f"{where}:{line}: `{unknown}` is in no layer of tests/test_layers.py")
        elif rank[dest] <= rank[source]:
            how = "sideways" if rank[dest] == rank[source] else "up"
            found.append(f"{where}:{line}: {source} imports {dest} ({how} a layer)")
    return sorted(set(found))


def cycles(edges: Iterable[Edge]) -> list[list[str]]:
    """Cycles among units (depth-first search), each as the units it passes through."""
    graph: dict[str, set[str]] = {}
    for source, dest, _, _ in edges:
        graph.setdefault(source, set()).add(dest)
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_the_walk_sees_imports_of_every_form() -> None:
    edges = {(s, d) for s, d, _, _ in package_edges()}
    assert ("cli", "validator") in edges  # lazy, inside a function
    assert ("validator", "rules") in edges  # module level
    assert ("repo", "config") in edges
    assert ("envelope", "__init__") in edges  # `from itsmkit import __version__`


def test_the_checks_can_fail() -> None:
    # A made-up upward import and a cycle are both reported.
    edges = [
        ("repo", "rules", "itsmkit/repo/x.py", 3),
        ("rules", "repo", "itsmkit/rules/y.py", 4),
    ]
    assert violations(edges, LAYERS) == ["itsmkit/repo/x.py:3: repo imports rules (up a layer)"]
    assert cycles(edges) == [["repo", "rules", "repo"]]
    assert violations([("report", "render", "f.py", 1)], LAYERS) == [
        "f.py:1: report imports render (sideways a layer)"
    ]


def test_every_unit_is_in_a_layer() -> None:
    named = {unit for layer in LAYERS for unit in layer}
    units = {p.stem for p in SRC.glob("*.py")} | {p.parent.name for p in SRC.glob("*/__init__.py")}
    assert units - named == set(), "add new packages or modules to LAYERS"


def test_imports_only_go_down() -> None:
    assert violations(package_edges(), LAYERS) == []


def test_no_import_cycle_between_packages() -> None:
    assert cycles(package_edges()) == []
