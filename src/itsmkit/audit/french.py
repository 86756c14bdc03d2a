"""French texts of the mock audit: clause titles, expectations, finding texts.

The checks write their findings in English; ``itsmkit/data/audit/fr.yaml`` holds the
French of each rule's expectation, of each finding text and of each notice (as a
pattern over the English one). Clause titles come from the framework catalogs
(:func:`itsmkit.frameworks.titles.clause_title`), as in ``itsmkit trace``. :class:`Translator` renders a text in French when it knows it,
and counts the texts it had to leave in English so the report can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from itsmkit.french import plural
from itsmkit.render import filters

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_RANGE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})\b")
_CHOICE = re.compile(r"\{(\w+):([^|{}]*)\|([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    french: str


@cache
def _data() -> dict[str, Any]:
    from itsmkit.repo.yamlread import read_package_data
    from itsmkit.resources import data_dir

    return read_package_data(data_dir("audit") / "fr.yaml")


@cache
def _patterns() -> tuple[_Pattern, ...]:
    return tuple(
        _Pattern(re.compile(f"^{entry['en']}$"), entry["fr"]) for entry in _data()["texts"]
    )


@cache
def _pieces() -> tuple[_Pattern, ...]:
    return tuple(
        _Pattern(re.compile(entry["en"]), entry["fr"]) for entry in _data().get("pieces", [])
    )


def _words() -> dict[str, str]:
    words: dict[str, str] = _data().get("words", {})
    return words


def _group(name: str, value: str) -> str:
    """A group's value: ``t_`` groups are words looked up in ``words:``."""
    if name.startswith("t_"):
        return _words().get(value, value)
    return value


def _pieces_fr(text: str) -> str:
    """Known pieces inside a group's value (``pieces:``), each put in French."""
    for piece in _pieces():

        def one(match: re.Match[str], piece: _Pattern = piece) -> str:
            groups = {k: _group(k, v or "") for k, v in match.groupdict().items()}
            return _fill(piece.french, groups)

        text = piece.regex.sub(one, text)
    return text


def _iso_to_words(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        import datetime as dt

        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return match.group(0)
        return filters.date(day, "fr") or match.group(0)

    text = _RANGE.sub(lambda m: f"du {m.group(1)} au {m.group(2)}", text)
    return _ISO_DATE.sub(one, text)


def _fill(french: str, groups: dict[str, str]) -> str:
    def choose(match: re.Match[str]) -> str:
        value = groups.get(match.group(1), "")
        count = int(value) if value.isdigit() else 2
        return plural(count, match.group(2), match.group(3), "fr")

    text = _CHOICE.sub(choose, french)
    for name, value in groups.items():
        text = text.replace("{" + name + "}", value or "")
    return text


_KIND = re.compile(r"^(?P<kind>[a-z][a-z-]*)(?: \((?P<field>\w+): (?P<value>[\w-]+)\))?$")


def _kind_fr(kind: str, value: str | None) -> str:
    """``policy (policy_type: change)`` as ``politique (changements)``."""
    from itsmkit.model.registry import KINDS
    from itsmkit.render.labels import label

    model = KINDS.get(kind)
    name = model.title_fr.lower() if model is not None else kind
    return f"{name} ({label(value, 'fr')})" if value else name


@dataclass(slots=True)
class Translator:
    """Texts of one report in one language; English is given back unchanged."""

    lang: str
    standard: str
    untranslated: set[str] = field(default_factory=set)

    def title(self, clause_or_group: str, english: str) -> str:
        """A clause or group title, from the framework catalog (the one home of titles)."""
        from itsmkit.frameworks.titles import clause_title, has_title

        if self.lang == "fr" and english and not has_title(self.standard, clause_or_group, "fr"):
            self.untranslated.add(english)
        return clause_title(self.standard, clause_or_group, self.lang, english)

    def expected(self, rule: str, english: str) -> str:
        """What the rule expects."""
        if self.lang != "fr":
            return english
        found: str | None = _data()["expected"].get(rule)
        return found if found is not None else self.text(english)

    def text(self, english: str) -> str:
        """A finding text built by a check (found, expected or action)."""
        if self.lang != "fr" or not english:
            return english
        for pattern in _patterns():
            match = pattern.regex.match(english)
            if match:
                groups = {
                    k: _group(k, v or "") if k.startswith("t_") else self.text_part(v or "")
                    for k, v in match.groupdict().items()
                }
                return _iso_to_words(_fill(pattern.french, groups))
        self.untranslated.add(english)
        return english

    def text_part(self, english: str) -> str:
        """A piece inside a text: a kind of artefact, a known text, or kept as it is."""
        kind = _KIND.match(english)
        if kind:
            return _kind_fr(kind.group("kind"), kind.group("value"))
        for pattern in _patterns():
            match = pattern.regex.match(english)
            if match and english.startswith(" "):
                return _fill(pattern.french, match.groupdict(default=""))
        return _pieces_fr(english)
