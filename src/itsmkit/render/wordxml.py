"""XML as text: escaping, and finding and editing elements of a part without a parser.

The Word writer builds its parts as strings and edits the few parts it takes from a
reference document (styles, settings, numbering, the section properties, headers) in
place. Importing an XML library costs more than writing a document, and these edits
only need to find an element, its direct children, and insert one child in the order
the schema requires. Elements are found by their qualified name as written (``w:...``):
the writer checks that a part uses the usual ``w`` prefix before it edits it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})

# A start, end or empty-element tag; comments, processing instructions and CDATA are
# matched so that their content is never taken for a tag.
_TAG = re.compile(
    r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>"
    r"|<(/?)([A-Za-z_][\w.:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>",
    re.S,
)


def esc(text: str) -> str:
    """Text content made safe for XML (``&``, ``<``, ``>``)."""
    return text.translate(_TEXT)


def attr(text: str) -> str:
    """An attribute value made safe for a double-quoted XML attribute."""
    return text.translate(_ATTR)


def unesc(text: str) -> str:
    """The text an escaped attribute value or text node stands for (the five entities)."""
    if "&" not in text:
        return text
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


class Span:
    """Where one element is in a string: its start tag, content and end."""

    __slots__ = ("end", "inner_end", "inner_start", "name", "start", "start_tag")

    def __init__(self, name: str, start: int, inner_start: int, inner_end: int, end: int) -> None:
        self.name = name
        self.start = start
        self.inner_start = inner_start
        self.inner_end = inner_end
        self.end = end
        self.start_tag = ""

    @property
    def empty(self) -> bool:
        """Written as ``<x/>``."""
        return self.inner_start == self.end


def find(xml: str, name: str, start: int = 0, stop: int | None = None) -> Span | None:
    """The first element called ``name`` at or after ``start`` (and ending by ``stop``)."""
    limit = len(xml) if stop is None else stop
    pos = start
    while True:
        found = xml.find(f"<{name}", pos, limit)
        if found < 0:
            return None
        following = xml[found + len(name) + 1 : found + len(name) + 2]
        if following in (">", "/", " ", "\t", "\n", "\r"):
            return _span_at(xml, found, limit)
        pos = found + 1


def _span_at(xml: str, start: int, limit: int) -> Span | None:
    match = _TAG.match(xml, start, limit)
    if match is None or match.group(2) is None:
        return None
    name = match.group(2)
    if match.group(4):
        span = Span(name, start, match.end(), match.end(), match.end())
        span.start_tag = match.group(0)
        return span
    depth = 1
    for tag in _TAG.finditer(xml, match.end(), limit):
        if tag.group(2) is None or tag.group(4):
            continue
        if tag.group(2) == name:
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                span = Span(name, start, match.end(), tag.start(), tag.end())
                span.start_tag = match.group(0)
                return span
    return None


def children(xml: str, parent: Span) -> list[Span]:
    """The direct child elements of ``parent``."""
    out: list[Span] = []
    pos = parent.inner_start
    while pos < parent.inner_end:
        tag = _TAG.search(xml, pos, parent.inner_end)
        if tag is None:
            break
        if tag.group(2) is None or tag.group(1):
            pos = tag.end()
            continue
        child = _span_at(xml, tag.start(), parent.inner_end)
        if child is None:
            break
        out.append(child)
        pos = child.end
    return out


def text_of(xml: str) -> str:
    """The character data of a fragment: its ``w:t`` texts joined (what Word shows)."""
    return "".join(unesc(m.group(1)) for m in re.finditer(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))


def insert_child(
    xml: str, parent: Span, child: str, name: str, order: Sequence[str], *, replace: bool = True
) -> str:
    """``xml`` with ``child`` (an element called ``name``) in ``parent``, in schema order.

    ``order`` lists ``name`` and the child names that may follow it, in the order the
    schema gives; a child not in it is taken to come before ``name``. An existing
    ``name`` child is replaced (kept when ``replace`` is false).
    """
    rank = {n: i for i, n in enumerate(order)}
    mine = rank[name]
    if parent.empty:  # <x/> becomes <x>child</x>
        tag = parent.start_tag[:-2].rstrip()
        return f"{xml[: parent.start]}{tag}>{child}</{parent.name}>{xml[parent.end :]}"
    at = parent.inner_end
    for existing in children(xml, parent):
        if existing.name == name:
            if not replace:
                return xml
            return xml[: existing.start] + child + xml[existing.end :]
        if rank.get(existing.name, -1) > mine:
            at = existing.start
            break
    return xml[:at] + child + xml[at:]


_ATTRIBUTE = re.compile(r"""\s([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def attrs(start_tag: str) -> dict[str, str]:
    """The attributes of a start tag, unescaped, in document order."""
    return {
        m.group(1): unesc(m.group(2) if m.group(2) is not None else m.group(3))
        for m in _ATTRIBUTE.finditer(start_tag)
    }


def set_attrs(start_tag: str, values: dict[str, str], drop: tuple[str, ...] = ()) -> str:
    """A start tag with these attributes set (added or replaced) and ``drop`` removed."""
    closing = "/>" if start_tag.endswith("/>") else ">"
    name = re.match(r"<([\w.:-]+)", start_tag)
    assert name is not None
    merged = {k: v for k, v in attrs(start_tag).items() if k not in drop}
    merged.update(values)
    body = "".join(f' {k}="{attr(v)}"' for k, v in merged.items())
    return f"<{name.group(1)}{body}{closing}"


def get_attr(start_tag: str, key: str) -> str | None:
    """The value of one attribute of a start tag, unescaped."""
    return attrs(start_tag).get(key)
