"""French grammar for generated text: elision of « de » and plural agreement.

Small pure functions, used by the templates (as the ``de`` and ``plural`` filters) and
by any code that builds a French sentence around a name or a count.
"""

from __future__ import annotations

import unicodedata

_VOWELS = set("aeiouyh")


def elides(word: str) -> bool:
    """Whether « de »/« le » elide before ``word``: a vowel or a mute h (``Alpes``, ``hôtel``).

    Words starting with a digit or a symbol do not elide (``de 3D Print``).
    """
    first = word.lstrip(" «\"'([")[:1]
    if not first or not first.isalpha():
        return False
    base = unicodedata.normalize("NFD", first.lower())[0]
    return base in _VOWELS


def de(name: str) -> str:
    """« de » before a name, elided to « d' » before a vowel: ``d'acme-fr``, ``de Cimes``."""
    return f"d'{name}" if elides(name) else f"de {name}"


def plural(count: int, singular: str, plural_form: str, lang: str = "fr") -> str:
    """The form that agrees with ``count``: French takes the singular for 0 and 1."""
    if lang == "fr":
        return singular if abs(count) < 2 else plural_form
    return singular if abs(count) == 1 else plural_form


def counted(count: int, singular: str, plural_form: str, lang: str = "fr") -> str:
    """``5 indicateurs``, ``1 indicateur``, ``0 indicateur`` (``0 indicators`` in English)."""
    return f"{count} {plural(count, singular, plural_form, lang)}"
