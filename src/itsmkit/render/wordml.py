"""WordprocessingML paragraphs and runs, written as text.

What the Word writer puts in a body, a header or a footer: runs with bold, italic,
colour and size, paragraphs with a style and properties in schema order, fields
(``PAGE``, ``NUMPAGES``, ``TOC``), tab stops and page breaks. A tab in a run's text
becomes ``w:tab`` and a line break ``w:br``, as python-docx writes them.
"""

from __future__ import annotations

from collections.abc import Iterable

from itsmkit.render.wordxml import attr, esc

# CT_PPrBase's children in schema order (ECMA-376 Part 1, 17.3.1.26), then rPr and sectPr.
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _text(text: str) -> str:
    if not text:
        return ""
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f"<w:t{space}>{esc(text)}</w:t>"


def run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    size: int | None = None,
) -> str:
    """A ``w:r``; ``size`` in half-points, ``color`` as ``RRGGBB``."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if color is not None:
        props += f'<w:color w:val="{color}"/>'
    if size is not None:
        props += f'<w:sz w:val="{size}"/>'
    content: list[str] = []
    buf: list[str] = []
    for char in text:
        if char == "\t" or char in "\r\n":
            content.append(_text("".join(buf)))
            buf.clear()
            content.append("<w:tab/>" if char == "\t" else "<w:br/>")
        else:
            buf.append(char)
    content.append(_text("".join(buf)))
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{''.join(content)}</w:r>"


def ppr(
    style: str | None = None,
    *,
    keep_next: bool = False,
    num: tuple[int, int] | None = None,
    tabs: Iterable[tuple[str, int]] = (),
    before: int | None = None,
    after: int | None = None,
    jc: str | None = None,
) -> str:
    """A ``w:pPr`` with its children in schema order ('' when it would be empty).

    ``num`` is (level, numbering id); ``tabs`` (kind, position in twips) pairs, sorted
    by position as Word keeps them; ``before``/``after`` spacing in twips.
    """
    out = ""
    if style is not None:
        out += f'<w:pStyle w:val="{attr(style)}"/>'
    if keep_next:
        out += "<w:keepNext/>"
    if num is not None:
        out += f'<w:numPr><w:ilvl w:val="{num[0]}"/><w:numId w:val="{num[1]}"/></w:numPr>'
    stops = sorted(tabs, key=lambda t: t[1])
    if stops:
        out += "<w:tabs>" + "".join(f'<w:tab w:val="{k}" w:pos="{p}"/>' for k, p in stops)
        out += "</w:tabs>"
    if before is not None or after is not None:
        b = f' w:before="{before}"' if before is not None else ""
        a = f' w:after="{after}"' if after is not None else ""
        out += f"<w:spacing{b}{a}/>"
    if jc is not None:
        out += f'<w:jc w:val="{jc}"/>'
    return f"<w:pPr>{out}</w:pPr>" if out else ""


def paragraph(content: str = "", props: str = "") -> str:
    """A ``w:p`` from its properties and runs."""
    return f"<w:p>{props}{content}</w:p>"


def field_begin(instruction: str) -> str:
    """The runs that open a field, up to its cached result."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {esc(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )


FIELD_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def field(instruction: str, cached: str = "1") -> str:
    """A whole simple field (``PAGE``, ``NUMPAGES``) showing ``cached`` until updated."""
    return field_begin(instruction) + run(cached) + FIELD_END


PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def right_tab_stops(position: int) -> list[tuple[str, int]]:
    """One right tab stop at ``position``, clearing the inherited ones.

    The Header and Footer styles of Word have a centre and a right stop at 4680 and
    9360 twips: they assume Letter paper.
    """
    stops = [("clear", p) for p in (4680, 9360) if p != position]
    return [*stops, ("right", position)]
