"""Property-based tests of the YAML reader and the file loader: hostile input never raises.

Example counts are kept modest so the file runs in a few seconds; raise ``max_examples``
locally (thousands) when changing the reader. No example database is written.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, SequenceNode

from itsmkit.catalogue import RULES
from itsmkit.config import Limits
from itsmkit.model.registry import KINDS
from itsmkit.repo.loader import Repository, load_file
from itsmkit.repo.positions import resolve
from itsmkit.repo.yamlread import ReadResult, compose, decode, locate, read
from itsmkit.rules.repository import run_all

SCALE = max(1, int(os.environ.get("ITSMKIT_FUZZ_SCALE", "1") or 1))  # scripts/fuzz.sh raises it
FAST = settings(
    deadline=None,
    max_examples=120 * SCALE,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SLOW = settings(
    deadline=None,
    max_examples=50 * SCALE,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

NO_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
SMALL = Limits(max_bytes=4096, max_depth=8, max_nodes=500)


def check_result(result: ReadResult) -> None:
    assert isinstance(result, ReadResult)
    for problem in result.problems:
        assert problem.code in RULES, problem
        assert problem.message
        assert problem.line is None or problem.line >= 1
        assert problem.column is None or problem.column >= 1
    if result.problems and not result.ok:
        assert result.data is None


# -- arbitrary bytes --------------------------------------------------------------------

YAMLISH_BYTES = st.lists(
    st.sampled_from(
        [
            b"a",
            b": ",
            b"- ",
            b"\n",
            b"  ",
            b"\t",
            b"[",
            b"]",
            b"{",
            b"}",
            b",",
            b"&x ",
            b"*x",
            b"!!int ",
            b"!!str ",
            b"!!python/name:os.system",
            b"'",
            b'"',
            b"#",
            b"---\n",
            b"...\n",
            b"? ",
            b"|\n",
            b">-\n",
            b"\xef\xbb\xbf",
            b"\xff",
            b"\xc3",
            b"\x00",
            b"9" * 30,
            b"0o17",
            b"-.inf",
            b"~",
            b"<<: ",
            b"%YAML 1.2\n",
            b"!",
            b"\\",
        ]
    ),
    max_size=60,
).map(b"".join)


@FAST
@given(st.binary(max_size=2000) | YAMLISH_BYTES)
def test_read_never_raises_on_bytes(data: bytes) -> None:
    check_result(read(data))
    check_result(read(data, SMALL))


# -- YAML-ish text from a grammar -------------------------------------------------------

ODD = st.sampled_from(
    [
        "é",
        "日本",
        "\u2028",
        "\u0085",
        "\ufeff",
        "\U0001f600",
        "\u200b",
        "\t",
        " ",
        "\\",
        ":",
        "#",
        "&",
        "*",
        "!",
        "|",
        ">",
        "%",
        "@",
        "`",
        "'",
        '"',
        "null",
        "yes",
        "0x1F",
        "1e3",
        ".nan",
        "2025-01-01",
        "12:30",
        "<<",
        "9" * 4400,
        "-0x",
        "0o",
        "+.5",
        "1_0",
    ]
)
SCALAR_TAG = st.sampled_from(
    [
        "",
        "",
        "",
        "",
        "&a ",
        "!!str ",
        "!!int ",
        "!!float ",
        "!!bool ",
        "!!null ",
        "!!timestamp ",
        "!!binary ",
        "!!set ",
        "!x ",
        "!!python/name:os.system ",
    ]
)
COLLECTION_TAG = st.sampled_from(
    ["", "", "", "&a ", "&b ", "!!map ", "!!seq ", "!!omap ", "!!set ", "!!pairs ", "!!int ", "!x "]
)
WORD = st.text(st.characters(codec="utf-8", exclude_categories=NO_SURROGATES), max_size=8) | ODD


def _scalar(word: str, quote: int) -> str:
    if quote == 1:
        return "'" + word.replace("'", "''") + "'"
    if quote == 2:
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return word


@st.composite
def yamlish(draw: st.DrawFn, depth: int = 0, indent: int = 0) -> str:
    """Block or flow YAML, often valid, with anchors, aliases, tags and odd characters."""
    pad = " " * indent
    choice = draw(st.integers(0, 5 if depth < 4 else 1))
    if choice == 0:
        return draw(SCALAR_TAG) + _scalar(draw(WORD), draw(st.integers(0, 2)))
    prefix = draw(COLLECTION_TAG)
    if choice == 1:
        return draw(st.sampled_from(["*a", "*b", "*c", "~", "[]", "{}", "-1", "0o7", "- "]))
    if choice in (2, 3):
        n = draw(st.integers(0, 4))
        if choice == 2:  # block mapping
            lines = []
            for _ in range(n):
                key = _scalar(draw(WORD), draw(st.integers(0, 2))) or "k"
                value = draw(yamlish(depth + 1, indent + 2))
                sep = "\n" + pad + "  " if draw(st.booleans()) else " "
                lines.append(f"{pad}{key}:{sep}{value}")
            return prefix + ("\n" + "\n".join(lines) if lines else "{}")
        items = [draw(yamlish(depth + 1, indent + 2)) for _ in range(n)]
        return prefix + ("\n" + "\n".join(f"{pad}- {i}" for i in items) if items else "[]")
    n = draw(st.integers(0, 4))
    items = [draw(yamlish(depth + 1, 0)) for _ in range(n)]
    if choice == 4:
        return prefix + "[" + ", ".join(i.replace("\n", " ") for i in items) + "]"
    return (
        prefix + "{" + ", ".join(f"k{j}: {i}".replace("\n", " ") for j, i in enumerate(items)) + "}"
    )


@st.composite
def mangled(draw: st.DrawFn) -> str:
    text = draw(yamlish())
    for _ in range(draw(st.integers(0, 3))):  # a few edits: tabs, cuts, stray characters
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["\t", "", "\n---\n", ": ", "]", "{", "\x00", "\u00a0"]))
        cut = draw(st.integers(0, 2))
        text = text[:at] + edit + text[at + cut :]
    return text


@FAST
@given(mangled())
def test_read_never_raises_on_yamlish_text(text: str) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    check_result(read(data))
    check_result(read(data, SMALL))
    decoded, _ = decode(data)
    if decoded is not None:
        root = compose(decoded)
        assert locate(root, ("k0", 0, "x")) >= (1, 1)


# -- round trip -------------------------------------------------------------------------

CORE12_TYPED = re.compile(
    r"^(?:true|True|TRUE|false|False|FALSE|~|null|Null|NULL|"
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|"
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|"
    r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def _plain_text(value: str) -> bool:
    # PyYAML quotes what YAML 1.1 would type; a few strings YAML 1.2 types but 1.1 does
    # not ("1e3", "0o17") would come back as numbers, as YAML 1.2 says they should.
    return CORE12_TYPED.match(value) is None


# NEL and the Unicode line and paragraph separators are line breaks to YAML 1.1, which
# PyYAML's emitter writes raw inside quotes; reading folds them to spaces, as the spec
# says, so they cannot round-trip through safe_dump (a dumper quirk, not the reader's).
TEXT = st.text(
    st.characters(
        codec="utf-8", exclude_categories=NO_SURROGATES, exclude_characters="\x85\u2028\u2029"
    ),
    max_size=20,
)
LEAF = (
    TEXT.filter(_plain_text)
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.booleans()
    | st.none()
    | st.sampled_from(
        [
            "yes",
            "no",
            "on",
            "off",
            "2025-01-01",
            "12:30:00",
            "012",
            "1_000",
            "0b101",
            "y",
            "n",
            "=",
            "<<",
            "NO",
            "~x",
            "- x",
            "a: b",
            "#c",
        ]
    )
)
KEY = TEXT.filter(_plain_text)
DATA = st.recursive(
    LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEY, inner, max_size=4),
    max_leaves=25,
)
DOCUMENT = st.dictionaries(KEY, DATA, max_size=6)


def dump(data: Any, style: bool | None, indent: int, unicode: bool) -> str:
    return yaml.safe_dump(
        data,
        default_flow_style=style,
        indent=indent,
        allow_unicode=unicode,
        sort_keys=False,
        width=40,
    )


@FAST
@given(DOCUMENT, st.sampled_from([False, None, True]), st.integers(2, 5), st.booleans())
def test_round_trip(data: dict[str, Any], style: bool | None, indent: int, unicode: bool) -> None:
    text = dump(data, style, indent, unicode)
    result = read(text.encode("utf-8"))
    assert result.problems == []
    assert result.data == data


def test_round_trip_keeps_yaml_1_1_words_as_text() -> None:
    text = "a: yes\nb: no\nc: on\nd: 2025-01-01\ne: 012\nf: 0o17\ng: 1e3\nh: ~\n"
    assert read(text.encode()).data == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "2025-01-01",
        "e": 12,
        "f": 15,
        "g": 1000.0,
        "h": None,
    }


# -- locate -----------------------------------------------------------------------------


def paths(data: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out: list[tuple[str | int, ...]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.append((*prefix, key))
            out.extend(paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.append((*prefix, index))
            out.extend(paths(value, (*prefix, index)))
    return out


def expected_mark(root: Node, path: tuple[str | int, ...]) -> tuple[int, int]:
    """The position PyYAML's own composer gives the key (or item) at ``path``."""
    node = root
    mark = root.start_mark
    for part in path:
        if isinstance(node, MappingNode):
            key_node, node = next((k, v) for k, v in node.value if k.value == part)
            mark = key_node.start_mark
        else:
            assert isinstance(node, SequenceNode)
            node = node.value[part]
            mark = node.start_mark
    return mark.line + 1, mark.column + 1


@FAST
@given(
    st.dictionaries(KEY.filter(lambda k: k != "<<"), DATA, min_size=1, max_size=6),
    st.sampled_from([False, None]),
    st.integers(2, 4),
)
def test_locate_finds_every_key_and_item(
    data: dict[str, Any], style: bool | None, indent: int
) -> None:
    text = dump(data, style, indent, True)
    root = compose(text)
    assert root is not None
    reference = yaml.compose(text, Loader=yaml.SafeLoader)
    assert reference is not None
    for path in paths(data):
        assert locate(root, path) == expected_mark(reference, path), path


# -- the whole load path ----------------------------------------------------------------


def _load(raw: bytes, folder: Path) -> Repository:
    repo = Repository(root=folder, config=None)
    load_file("x.yaml", raw, Limits(), repo)
    (folder / "x.yaml").write_bytes(raw)
    located = resolve(folder, repo.issues + run_all(repo, dt.date(2025, 6, 1)))
    for issue in located:
        assert issue.code in RULES
        assert issue.file == "x.yaml"
        assert issue.line is not None and issue.line >= 1
        assert issue.column is not None and issue.column >= 1
    return repo


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@SLOW
@given(st.binary(max_size=1500) | YAMLISH_BYTES | mangled().map(str.encode))
def test_load_file_never_raises_on_bytes(folder: Path, raw: bytes) -> None:
    _load(raw, folder)


ARTEFACT_KEY = st.sampled_from(
    [
        "kind",
        "id",
        "schema_version",
        "name",
        "title",
        "status",
        "owner",
        "items",
        "of",
        "roles",
        "opened",
        "service",
        "customer",
        "priority",
        "summary",
        "tags",
        "nmae",
        "history",
        "validity",
        "signatures",
    ]
)
ARTEFACT_VALUE = (
    DATA
    | st.sampled_from(sorted(KINDS))
    | st.sampled_from(["batch", "P-A", "1-bad", "2025-01-01", "2025-13-40T25:00:00+01:00"])
)


@SLOW
@given(
    st.dictionaries(ARTEFACT_KEY, ARTEFACT_VALUE, max_size=8),
    st.lists(st.dictionaries(ARTEFACT_KEY, ARTEFACT_VALUE, max_size=5), max_size=3),
)
def test_load_file_never_raises_on_artefact_like_data(
    folder: Path, data: dict[str, Any], items: list[dict[str, Any]]
) -> None:
    if data.get("kind") == "batch":
        data["items"] = items
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
    assume(read(raw).ok)
    repo = _load(raw, folder)
    assert len(repo.artefacts) <= max(1, len(items))
