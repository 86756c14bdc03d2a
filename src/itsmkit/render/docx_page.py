"""Page size and margins of the Word deliverables, and the cover page.

A4 with 2 cm side margins unless ``page_size: letter`` is set in ``itsmkit.yaml``
(ISO 216 is the paper of France and of British English; Letter only where asked). The
cover page carries the company (and its logo when ``logo`` is configured), the title,
the kind of document, the customer or supplier, the id, version, status and date; it
has no running header or footer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsmkit.render.labels import COVER, DRAFT
from itsmkit.textsafe import clean


@dataclass(frozen=True, slots=True)
class PageSize:
    """A paper size and its margins, in twips (1/1440 inch)."""

    width: int
    height: int
    side: int
    top: int
    bottom: int

    @property
    def text_width(self) -> int:
        """The width between the margins."""
        return self.width - 2 * self.side


PAGE_SIZES = {
    # ISO 216 A4: 210 × 297 mm; 2 cm sides, 2.5 cm top and bottom.
    "a4": PageSize(width=11906, height=16838, side=1134, top=1418, bottom=1418),
    # US Letter: 8.5 × 11 in; 1 in margins.
    "letter": PageSize(width=12240, height=15840, side=1440, top=1440, bottom=1440),
}


def page_setup(doc: Any, size: PageSize) -> None:
    """Give every section the paper size and margins; the first page (cover) its own header."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips

    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Twips(size.width)
        section.page_height = Twips(size.height)
        section.left_margin = section.right_margin = Twips(size.side)
        section.top_margin = Twips(size.top)
        section.bottom_margin = Twips(size.bottom)
        section.header_distance = section.footer_distance = Twips(708)


@dataclass(frozen=True, slots=True)
class CoverInfo:
    """What the cover page says."""

    organisation: str
    title: str
    kind_title: str
    lang: str
    doc_id: str
    rows: tuple[tuple[str, str], ...]
    """Label and value pairs: customer or supplier, version, status, date..."""
    draft: bool = False
    logo: Path | None = None


def add_cover(doc: Any, info: CoverInfo, style_ids: dict[str, str], text_width: int) -> None:
    """The cover page, then a page break."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt, RGBColor, Twips

    def para(style: str | None = None) -> Any:
        p = doc.add_paragraph()
        if style and style in style_ids:
            p._p.get_or_add_pPr().style = style_ids[style]
        return p

    if info.logo is not None:
        logo = para()
        logo.add_run().add_picture(str(info.logo), width=Twips(min(2700, text_width // 3)))
    org = para()
    org.paragraph_format.space_before = Pt(24 if info.logo else 96)
    run = org.add_run(clean(info.organisation))
    run.bold = True
    run.font.size = Pt(16)
    kind = para("Subtitle")
    kind.paragraph_format.space_before = Pt(60)
    kind.add_run(clean(info.kind_title))
    title = para("Title")
    title.add_run(clean(info.title))
    if info.draft:
        mark = para()
        red = mark.add_run(f"{DRAFT[info.lang]} — {COVER['draft_note'][info.lang]}")
        red.bold = True
        red.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    gap = para()
    gap.paragraph_format.space_before = Pt(48)
    for label, value in ((COVER["id"][info.lang], info.doc_id), *info.rows):
        line = para()
        line.paragraph_format.space_after = Pt(2)
        line.add_run(clean(f"{label}\u00a0: " if info.lang == "fr" else f"{label}: ")).bold = True
        line.add_run(clean(value))
    end = para()
    end.alignment = WD_ALIGN_PARAGRAPH.LEFT
    end.add_run().add_break(WD_BREAK.PAGE)
