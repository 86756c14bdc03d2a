"""The words of ``itsmkit trace`` in the reader's language, from ``data/audit/trace.yaml``.

The headings, columns and summary lines live in the data file beside the audit's French
(``data/audit/fr.yaml``), with the French of every evidence requirement's label. A word
missing for a language is a bug in itsmkit (the tests read every one); a requirement label
with no French is quoted in English and recorded in :attr:`Words.untranslated`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

LANGS = ("en", "fr")


@cache
def _data() -> dict[str, Any]:
    from itsmkit.repo.yamlread import read_package_data
    from itsmkit.resources import data_dir

    return read_package_data(data_dir("audit") / "trace.yaml")


def english_words() -> dict[str, str]:
    """Every word's English text, by key (for the tests that look for English in French)."""
    return {key: entry["en"] for key, entry in _data()["words"].items()}


def requirement_labels() -> dict[str, str]:
    """English requirement label → its French."""
    labels: dict[str, str] = _data()["requirements"]
    return labels


@dataclass(slots=True)
class Words:
    """The words of one trace report in ``lang``."""

    lang: str
    untranslated: set[str] = field(default_factory=set)

    def __call__(self, key: str, **values: object) -> str:
        """The word ``key``, its ``{name}`` places filled with ``values``."""
        text: str = _data()["words"][key][self.lang]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def requirement(self, label: str) -> str:
        """An evidence requirement's label in the report's language."""
        if self.lang == "en":
            return label
        found = requirement_labels().get(label)
        if found is None:
            self.untranslated.add(label)
            return label
        return found

    def score(self, value: float | None) -> str:
        """A score as a reader of the language writes it (``98,8 %`` in French)."""
        if value is None:
            return self("no_score")
        if self.lang == "fr":
            return f"{value:.1f}".replace(".", ",") + "\u00a0%"
        return f"{value:.1f} %"
