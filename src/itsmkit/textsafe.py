"""Characters that text fields must not hold, and how writers make text safe anyway.

Word documents are XML 1.0, which cannot hold most C0 control characters, lone
surrogates or U+FFFE/U+FFFF: python-docx refuses them and the file could not be written.
Unicode line separators (NEL U+0085, LINE SEPARATOR U+2028, PARAGRAPH SEPARATOR U+2029)
are legal XML, but Python's ``str.splitlines`` and many Markdown readers break lines on
them, so a value holding one could start a heading, a list or a table row of its own.
YAML's double-quoted escapes (such as ``x01``, ``v``, ``L`` or ``ud800`` after a backslash) let any of
them into a field; ``validate`` reports them and every writer cleans them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Characters XML 1.0 forbids (tab, line feed and carriage return are allowed).
XML_ILLEGAL = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
#: Line separators other than LF/CR that split lines in Python and some Markdown readers.
LINE_SEPARATORS = "\x85\u2028\u2029"
#: C0 controls Python's ``str.splitlines`` treats as line boundaries besides LF and CR.
_SPLITTING_CONTROLS = "\x0b\x0c\x1c\x1d\x1e"

_UNSAFE = re.compile(f"[{XML_ILLEGAL}{LINE_SEPARATORS}]")
_SPACE_LIKE = re.compile(f"[{_SPLITTING_CONTROLS}{LINE_SEPARATORS}]")
_DROPPED = re.compile(f"[{XML_ILLEGAL}]")

_NAMES = {
    "\x00": "NUL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\x0b": "VERTICAL TAB",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
    "\x85": "NEXT LINE (NEL)",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
    "\ufffe": "NONCHARACTER",
    "\uffff": "NONCHARACTER",
}


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character a text field must not hold."""
    return _UNSAFE.search(text) is not None


def unsafe_chars(text: str) -> Iterator[tuple[int, str]]:
    """``(index, character)`` of each character a text field must not hold."""
    for match in _UNSAFE.finditer(text):
        yield match.start(), match.group(0)


def describe(char: str) -> str:
    """``U+000B (VERTICAL TAB)``, ``U+D800 (lone surrogate)``, ``U+0001 (control)``..."""
    code = ord(char)
    surrogate = 0xD800 <= code <= 0xDFFF
    name = "lone surrogate" if surrogate else _NAMES.get(char, "control character")
    return f"U+{code:04X} ({name})"


def clean(text: str) -> str:
    """``text`` safe for Word XML and for Markdown structure.

    Line separators and the controls that split lines become spaces (the text stays on its
    line); every other XML-illegal character is replaced by U+FFFD, so the reader sees that
    something was there.
    """
    if not _UNSAFE.search(text) and not _SPACE_LIKE.search(text):
        return text
    return _DROPPED.sub("\ufffd", _SPACE_LIKE.sub(" ", text))


Loc = tuple[str | int, ...]


def unsafe_in(data: object) -> Iterator[tuple[Loc, str]]:
    """``(loc, character)`` of the first unsafe character of each string in parsed YAML data.

    Keys and values are both visited; a bad key is reported at its own loc. Iterative, so
    deep data cannot exhaust the stack.
    """
    stack: list[tuple[Loc, object]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            match = _UNSAFE.search(value)
            if match:
                yield loc, match.group(0)
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                bad_key = _UNSAFE.search(key) if isinstance(key, str) else None
                if bad_key:
                    yield (*loc, key), bad_key.group(0)
                stack.append(((*loc, key), item))
        elif isinstance(value, list):
            stack.extend(((*loc, index), item) for index, item in reversed(list(enumerate(value))))


#: Raw bytes a file must contain for a parsed string to hold an unsafe character: a
#: backslash (double-quoted escapes) or one of the line separators written as such.
RAW_MARKERS = (b"\\", "\x85".encode(), "\u2028".encode(), "\u2029".encode())


def may_hold_unsafe(raw: bytes) -> bool:
    """Cheap pre-check on a file's bytes: False means no parsed string can be unsafe."""
    return any(marker in raw for marker in RAW_MARKERS)
