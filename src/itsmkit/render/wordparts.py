"""The parts of a Word package the writer edits: styles, settings, numbering, section.

Each function takes a part's XML text and returns it edited, touching only what it
must so a company's reference document keeps everything else: the document language
in ``w:docDefaults``, ``w:updateFields`` in the settings (in ECMA-376 order), a new
``w:num`` for each numbered list that restarts at 1, and the page size, margins and
first-page header of the section.
"""

from __future__ import annotations

import re

from itsmkit.render.docx_page import PageSize
from itsmkit.render.wordxml import (
    W_NS,
    Span,
    children,
    find,
    get_attr,
    insert_child,
    set_attrs,
    unesc,
)

# Word stores some built-in style names in lower case; python-docx's BabelFish shows them
# as in Word's user interface, and so does this writer when it looks styles up by name.
_UI_NAMES = {
    "caption": "Caption",
    "footer": "Footer",
    "header": "Header",
    **{f"heading {n}": f"Heading {n}" for n in range(1, 10)},
}
_STYLE = re.compile(r"<w:style\b([^>]*)>(.*?)</w:style>", re.S)
_NAME = re.compile(r"<w:name\s+w:val=\"([^\"]*)\"")


def uses_w_prefix(xml: str) -> bool:
    """Whether a part binds ``w`` to the WordprocessingML namespace (what the edits expect)."""
    return f'xmlns:w="{W_NS}"' in xml[:4000] or f"xmlns:w='{W_NS}'" in xml[:4000]


def style_ids(styles: str) -> dict[str, str]:
    """Style ids by user-interface name ("Heading 1"), the first of each name winning."""
    ids: dict[str, str] = {}
    for match in _STYLE.finditer(styles):
        style_id = get_attr(f"<w:style{match.group(1)}>", "w:styleId")
        name = _NAME.search(match.group(2))
        if name is not None and style_id:
            ui = unesc(name.group(1))
            ids.setdefault(_UI_NAMES.get(ui, ui), style_id)
    return ids


# CT_RPr's children from w:lang on, in schema order.
_RPR_TAIL = ("w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def set_language(styles: str, tag: str) -> str:
    """The default language of the text (``w:docDefaults/w:rPrDefault/w:rPr/w:lang``)."""
    defaults = find(styles, "w:docDefaults")
    rpr_default = defaults and find(styles, "w:rPrDefault", defaults.inner_start, defaults.end)
    rpr = rpr_default and find(styles, "w:rPr", rpr_default.inner_start, rpr_default.end)
    if not rpr:
        return styles
    lang = find(styles, "w:lang", rpr.inner_start, rpr.end)
    if lang is not None:
        new = set_attrs(lang.start_tag, {"w:val": tag})
        return styles[: lang.start] + new + styles[lang.start + len(lang.start_tag) :]
    return insert_child(styles, rpr, f'<w:lang w:val="{tag}"/>', "w:lang", _RPR_TAIL)


# What follows w:updateFields in w:settings (ECMA-376 order), so it goes before them.
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
    "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade",
    "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip


def update_fields(settings: str) -> str:
    """Ask Word to refresh the table of contents and page numbers when it opens the file."""
    root = find(settings, "w:settings")
    if root is None or find(settings, "w:updateFields", root.inner_start, root.end):
        return settings
    order = ("w:updateFields", *_AFTER_UPDATE_FIELDS)
    return insert_child(settings, root, '<w:updateFields w:val="true"/>', order[0], order)


class Numbering:
    """The numbering part, with one new ``w:num`` per numbered list that starts at 1."""

    def __init__(self, numbering: str, styles: str, list_style_id: str | None) -> None:
        self.xml = numbering
        self.added: list[str] = []
        self.ids = {int(n) for n in re.findall(r"<w:num\s[^>]*w:numId=\"(\d+)\"", numbering)}
        self.abstract = self._abstract_of(styles, list_style_id)

    def _abstract_of(self, styles: str, style_id: str | None) -> str | None:
        if style_id is None or not self.xml:
            return None
        style = next(
            (
                m.group(2)
                for m in _STYLE.finditer(styles)
                if get_attr(f"<w:style{m.group(1)}>", "w:styleId") == style_id
            ),
            None,
        )
        num_id = style and re.search(r"<w:numId\s+w:val=\"(\d+)\"", style)
        if not num_id:
            return None
        num = find(self.xml, "w:num")
        while num is not None:
            if get_attr(num.start_tag, "w:numId") == num_id.group(1):
                abstract = re.search(
                    r"<w:abstractNumId\s+w:val=\"(\d+)\"", self.xml[num.start : num.end]
                )
                return abstract.group(1) if abstract else None
            num = find(self.xml, "w:num", num.end)
        return None

    def restart(self) -> int | None:
        """The id of a new numbering of the list style that starts again at 1."""
        if self.abstract is None:
            return None  # a reference document without list numbering: Word continues it
        num_id = next(n for n in range(1, len(self.ids) + 2) if n not in self.ids)
        self.ids.add(num_id)
        self.added.append(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{self.abstract}"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
        return num_id

    def result(self) -> str:
        """The numbering part with the new lists, after the last ``w:num`` (schema order)."""
        if not self.added:
            return self.xml
        root = find(self.xml, "w:numbering")
        if root is None:
            return self.xml
        kids = children(self.xml, root)
        at = next((k.start for k in kids if k.name == "w:numIdMacAtCleanup"), root.inner_end)
        return self.xml[:at] + "".join(self.added) + self.xml[at:]


_SECT_ORDER = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
    "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip


def _set_child(
    xml: str, parent: Span, name: str, values: dict[str, str], drop: tuple[str, ...] = ()
) -> str:
    existing = find(xml, name, parent.inner_start, parent.end)
    if existing is None:
        attrs = "".join(f' {k}="{v}"' for k, v in values.items())
        return insert_child(xml, parent, f"<{name}{attrs}/>", name, _SECT_ORDER)
    tag = set_attrs(existing.start_tag, values, drop)
    return xml[: existing.start] + tag + xml[existing.start + len(existing.start_tag) :]


def section(sect_pr: str, size: PageSize, *, title_page: bool) -> str:
    """A ``w:sectPr`` with the paper size and margins (portrait) and, for a cover, ``w:titlePg``."""
    xml = sect_pr or "<w:sectPr/>"
    span = find(xml, "w:sectPr")
    assert span is not None
    xml = _set_child(
        xml, span, "w:pgSz", {"w:w": str(size.width), "w:h": str(size.height)}, ("w:orient",)
    )
    span = find(xml, "w:sectPr")
    assert span is not None
    margins = {
        "w:top": str(size.top),
        "w:right": str(size.side),
        "w:bottom": str(size.bottom),
        "w:left": str(size.side),
        "w:header": "708",
        "w:footer": "708",
    }
    if find(xml, "w:pgMar", span.inner_start, span.end) is None:
        margins["w:gutter"] = "0"
    xml = _set_child(xml, span, "w:pgMar", margins)
    if title_page:
        span = find(xml, "w:sectPr")
        assert span is not None
        xml = insert_child(xml, span, "<w:titlePg/>", "w:titlePg", _SECT_ORDER)
    return xml


def reference_of(sect_pr: str, kind: str) -> str | None:
    """The relationship id of the default header or footer (``kind``) of a section."""
    for match in re.finditer(rf"<w:{kind}Reference\b[^>]*>", sect_pr):
        if get_attr(match.group(0), "w:type") in ("default", None):
            return get_attr(match.group(0), "r:id")
    return None


def add_reference(sect_pr: str, kind: str, rel_id: str) -> str:
    """A section with a default ``kind`` (header, footer) reference, first among them."""
    span = find(sect_pr, "w:sectPr")
    assert span is not None
    ref = f'<w:{kind}Reference w:type="default" r:id="{rel_id}"/>'
    if span.empty:
        return sect_pr[: span.start] + span.start_tag[:-2].rstrip() + f">{ref}</w:sectPr>"
    at = span.inner_start
    if kind == "footer":  # after the header references, as python-docx puts it
        heads = [c for c in children(sect_pr, span) if c.name == "w:headerReference"]
        at = heads[-1].end if heads else at
    return sect_pr[:at] + ref + sect_pr[at:]
