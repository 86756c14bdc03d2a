"""Over-deep nesting is ``yaml-too-deep`` at the same place whichever libyaml is installed.

libyaml 0.2.6 (bundled with PyYAML 6.0.4) stops at 1,000 levels with its own error; older
ones have no limit. The loader then measures with PyYAML's pure parser, so both paths must
agree on positions; these tests pin that, and simulate the other libyaml's behaviour.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from itsmkit.config import Limits
from itsmkit.repo import yamlread
from itsmkit.repo.yamlcore import HAVE_LIBYAML
from itsmkit.repo.yamlguard import exact_depth, is_nesting_limit, python_depth_mark
from itsmkit.repo.yamlread import read

SHAPES = {
    "flow-seq": lambda n: "k: " + "[" * n + "]" * n + "\n",
    "flow-map": lambda n: "k: " + "{a: " * n + "1" + "}" * n + "\n",
    "block-map": lambda n: "".join(" " * i + f"k{i}:\n" for i in range(n)) + " " * n + "v\n",
    "block-seq": lambda n: "".join(" " * (2 * i) + "- \n" for i in range(n)) + " " * 2 * n + "x\n",
    "mixed": lambda n: "a:\n  b: " + "[{c: " * (n // 2) + "1" + "}]" * (n // 2) + "\n",
}


def _mark(mark: Any) -> tuple[int, int] | None:
    return None if mark is None else (mark.line, mark.column)


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("limit", [8, 64, 300])
def test_libyaml_and_the_pure_parser_agree_on_the_position(shape: str, limit: int) -> None:
    text = SHAPES[shape](limit + 20)
    ours = _mark(exact_depth(text, limit))
    pure = _mark(python_depth_mark(text, limit))
    assert ours is not None
    assert ours == pure


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_neither_path_reports_nesting_within_the_limit(shape: str) -> None:
    text = SHAPES[shape](30)
    assert exact_depth(text, 64) is None
    assert python_depth_mark(text, 64) is None


def test_libyaml_own_limit_is_recognised_when_it_has_one() -> None:
    text = "k: " + "[" * 1200 + "]" * 1200 + "\n"
    if not HAVE_LIBYAML:
        pytest.skip("no libyaml here: PyYAML's pure parser has no nesting limit")
    try:
        exact_depth(text, 5000)
    except yaml.YAMLError as exc:
        # libyaml 0.2.6+: its refusal must be read as a nesting limit, not as syntax.
        assert is_nesting_limit(exc), vars(exc)
    else:
        # An older libyaml without a limit: the walk simply ends.
        pass


def _libyaml_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Act as libyaml 0.2.6 does, on any libyaml: refuse deep nesting with its own error."""
    refusal = yaml.scanner.ScannerError(
        "while increasing flow level", None, "exceeded maximum nesting depth", None
    )

    def refuse(text: str, limit: int) -> Any:
        raise refusal

    monkeypatch.setattr(yamlread, "exact_depth", refuse)


@pytest.mark.parametrize("refusing", [False, True], ids=["this-libyaml", "refusing-libyaml"])
def test_too_deep_is_reported_at_the_configured_limit_on_either_libyaml(
    monkeypatch: pytest.MonkeyPatch, refusing: bool
) -> None:
    if refusing:
        _libyaml_refuses(monkeypatch)
    text = "k: " + "[" * 9000 + "]" * 9000 + "\n"
    [problem] = read(text.encode(), Limits(max_depth=64)).problems
    # The top mapping is level 1, so the 64th bracket (column 3 + 64) is level 65.
    assert (problem.code, problem.line, problem.column) == ("yaml-too-deep", 1, 3 + 64)
    assert "deeper than 64 levels" in problem.message


def test_other_libyaml_errors_stay_syntax_errors() -> None:
    exc = yaml.scanner.ScannerError("while scanning", None, "found character '@'", None)
    assert not is_nesting_limit(exc)
