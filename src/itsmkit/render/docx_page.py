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

from itsmkit.render.labels import COVER, DRAFT
from itsmkit.render.wordml import paragraph, ppr, run
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


def cover_xml(info: CoverInfo, style_ids: dict[str, str], logo: str | None = None) -> str:
    """The paragraphs of the cover page, then a page break; ``logo`` is its ``w:drawing``."""

    def para(
        content: str,
        style: str | None = None,
        *,
        before: int | None = None,
        after: int | None = None,
        jc: str | None = None,
    ) -> str:
        style_id = style_ids.get(style) if style else None
        return paragraph(content, ppr(style_id, before=before, after=after, jc=jc))

    out = []
    if logo is not None:
        out.append(paragraph(f"<w:r>{logo}</w:r>"))
    out.append(
        para(run(clean(info.organisation), bold=True, size=32), before=480 if logo else 1920)
    )
    out.append(para(run(clean(info.kind_title)), "Subtitle", before=1200))
    out.append(para(run(clean(info.title)), "Title"))
    if info.draft:
        note = f"{DRAFT[info.lang]} — {COVER['draft_note'][info.lang]}"
        out.append(para(run(note, bold=True, color="C00000")))
    out.append(para("", before=960))
    for label, value in ((COVER["id"][info.lang], info.doc_id), *info.rows):
        name = clean(f"{label}\u00a0: " if info.lang == "fr" else f"{label}: ")
        out.append(para(run(name, bold=True) + run(clean(value)), after=40))
    out.append(para('<w:r><w:br w:type="page"/></w:r>', jc="left"))
    return "".join(out)
