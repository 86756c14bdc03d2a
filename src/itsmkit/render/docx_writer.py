"""Write Word documents from the parsed Markdown of a deliverable.

Real Word structure: ``Title`` and ``Heading 1-3`` styles (a Word table of contents
picks them up), real tables and lists, a header and footer with the company, the
document id and version and ``PAGE``/``NUMPAGES`` fields. Styles come from the
company's reference ``.docx`` when it has one (its body emptied, its letterhead kept),
else from the base package in ``itsmkit/data/wordbase`` (cut from python-docx's
default template, MIT licence). The parts are written as WordprocessingML text, without
python-docx (importing it and building through its objects cost more than the rest of
a render), and zipped with fixed timestamps and fixed core properties so the same
input gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from itsmkit.render.docx_page import PAGE_SIZES, CoverInfo, cover_xml
from itsmkit.render.docx_save import normalise_zip, save_deterministic
from itsmkit.render.docx_tables import column_widths, table_xml
from itsmkit.render.labels import CONTENTS, DRAFT, OF, PAGE
from itsmkit.render.markdown import (
    Block,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Quote,
    Run,
    Table,
    Toc,
    toc_headings,
)
from itsmkit.render.wordml import FIELD_END, PAGE_BREAK, field_begin, paragraph, ppr, run
from itsmkit.render.wordpackage import FIXED_ZIP_TIME, REL, Package
from itsmkit.render.wordparts import style_ids
from itsmkit.render.wordprops import FIXED_DATE, stamp
from itsmkit.textsafe import clean

__all__ = [
    "FIXED_DATE",
    "FIXED_ZIP_TIME",
    "PAGE_SIZES",
    "CoverInfo",
    "DocMeta",
    "normalise_zip",
    "save_deterministic",
    "write_docx",
]

_HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}
_LANG_TAGS = {"fr": "fr-FR", "en": "en-GB"}
_BASE = Path(__file__).resolve().parents[1] / "data" / "wordbase"


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What the header, footer and core properties say about a deliverable."""

    organisation: str
    doc_id: str
    title: str
    subject: str
    lang: str
    draft: bool
    version: str | None = None
    date: dt.date | None = None
    page_size: str = "a4"
    cover: CoverInfo | None = None
    """The cover page; without one the document starts with its own title."""


@dataclass(slots=True)
class _P:
    """A body paragraph whose properties may still change (keep with next, spacing)."""

    content: str
    style: str | None = None
    keep_next: bool = False
    num: tuple[int, int] | None = None
    before: int | None = None

    def xml(self) -> str:
        props = ppr(self.style, keep_next=self.keep_next, num=self.num, before=self.before)
        return paragraph(self.content, props)


def _runs(runs: list[Run]) -> str:
    return "".join(run(clean(r.text), bold=r.bold, italic=r.italic) for r in runs)


@dataclass(slots=True)
class Body:
    """The body of a document being written: paragraphs, tables and raw XML in order."""

    styles: dict[str, str]
    items: list[str | _P] = field(default_factory=list)

    def add(self, content: str = "", style: str | None = None) -> _P:
        """A paragraph with ``style`` (a style name, ignored when the document lacks it)."""
        p = _P(content, self.styles.get(style) if style else None)
        self.items.append(p)
        return p

    def raw(self, xml: str) -> None:
        self.items.append(xml)

    def xml(self) -> str:
        return "".join(i if isinstance(i, str) else i.xml() for i in self.items)


def _front_matter(blocks: list[Block]) -> int:
    """How many blocks come before the table of contents (the cover replaces them)."""
    for n, block in enumerate(blocks):
        if isinstance(block, Toc):
            return n
    return 0


def _toc(body: Body, entries: list[str], lang: str) -> None:
    body.add(run(CONTENTS[lang], bold=True), "TOC Heading")
    # A real TOC field; its cached result lists the headings until Word updates it.
    begin = field_begin('TOC \\o "1-3" \\h \\z \\u')
    if not entries:
        body.add(begin + FIELD_END)
        return
    for n, entry in enumerate(entries):
        end = FIELD_END if n == len(entries) - 1 else ""
        body.add((begin if n == 0 else "") + run(clean(entry)) + end)


def fill_body(
    body: Body, blocks: list[Block], meta: DocMeta, new_list: Callable[[], int | None]
) -> None:
    """Append the blocks (after the cover, when there is one) to ``body``.

    ``new_list`` gives each numbered list its own numbering (restarting at 1), or None.
    """
    entries = toc_headings(blocks)
    width = PAGE_SIZES[meta.page_size].text_width
    table_style = body.styles.get("Table Grid")
    if meta.cover is not None:
        blocks = blocks[_front_matter(blocks) :]
    previous: Block | None = None
    last: _P | None = None
    for n, block in enumerate(blocks):
        start = len(body.items)
        if isinstance(block, Heading):
            last = body.add(_runs(block.runs), _HEADING_STYLES.get(block.level, "Heading 3"))
            last.keep_next = True
        elif isinstance(block, Paragraph):
            last = body.add(_runs(block.runs))
            following = blocks[n + 1] if n + 1 < len(blocks) else None
            if isinstance(following, Table | ListBlock):
                last.keep_next = True  # an introduction stays with what it introduces
        elif isinstance(block, Quote):
            quote = next((s for s in ("Intense Quote", "Quote") if s in body.styles), None)
            last = body.add(_runs(block.runs), quote)
        elif isinstance(block, ListBlock):
            style = "List Number" if block.ordered else "List Bullet"
            for k, item in enumerate(block.items):
                last = body.add(_runs(item), style)
                if block.ordered and k == 0 and style in body.styles:
                    num_id = new_list()
                    if num_id is not None:
                        last.num = (0, num_id)
        elif isinstance(block, Table):
            if isinstance(previous, Table):
                body.add()  # two tables in a row would merge into one
            if block.signatures and last is not None:
                last.keep_next = True
            body.raw(table_xml(block, column_widths(block, width), table_style))
        elif isinstance(block, Toc):
            _toc(body, entries, meta.lang)
            body.raw(PAGE_BREAK)
        elif isinstance(block, PageBreak):
            body.raw(PAGE_BREAK)
        if isinstance(previous, Table) and isinstance(block, Paragraph | ListBlock | Quote):
            # The table is the last item before this block's first.
            after = body.items[start] if start < len(body.items) else None
            if isinstance(after, _P):
                after.before = 120  # 6 pt between a table and the text under it
        previous = block


# The packages documents start from, read once per process (None: the base package).
_PACKAGES: dict[tuple[str, int, int] | None, Package] = {}
_STYLE_IDS: dict[tuple[str, int, int] | None, dict[str, str]] = {}


def _key(reference: Path | None) -> tuple[str, int, int] | None:
    if reference is None:
        return None
    st = reference.stat()
    return str(reference), st.st_size, st.st_mtime_ns


def start_package(reference: Path | None) -> tuple[Package, dict[str, str]]:
    """A fresh copy of the package to start from, and its style ids by name."""
    key = _key(reference)
    package = _PACKAGES.get(key)
    if package is None:
        package = Package.from_folder(_BASE) if reference is None else Package.from_zip(reference)
        _PACKAGES[key] = package
    ids = _STYLE_IDS.get(key)
    if ids is None:
        styles = package.related(package.main, f"{REL}/styles")
        ids = _STYLE_IDS[key] = style_ids(package.text(styles) if styles else "")
    return package.copy(), dict(ids)


def _clean_meta(meta: DocMeta) -> DocMeta:
    # Word XML cannot hold control characters: the header, footer and properties too.
    return dataclasses.replace(
        meta,
        organisation=clean(meta.organisation),
        doc_id=clean(meta.doc_id),
        title=clean(meta.title),
        subject=clean(meta.subject),
        version=clean(meta.version) if meta.version is not None else None,
    )


def write_docx(blocks: list[Block], meta: DocMeta, reference: Path | None = None) -> bytes:
    """The bytes of a Word document holding ``blocks``."""
    from itsmkit.render.worddoc import Assembly

    meta = _clean_meta(meta)
    package, ids = start_package(reference)
    doc = Assembly(package, ids)
    body = Body(ids)
    if meta.cover is not None:
        body.raw(cover_xml(meta.cover, ids, doc.logo(meta.cover, meta.page_size)))
    fill_body(body, blocks, meta, doc.numbering.restart)
    version = f" — v{meta.version}" if meta.version else ""
    line = f"{meta.doc_id}{version}"
    when = stamp(meta.date)
    return doc.finish(
        body.xml(),
        size=PAGE_SIZES[meta.page_size],
        cover=meta.cover is not None,
        language=_LANG_TAGS.get(meta.lang, meta.lang),
        organisation=meta.organisation,
        doc_id=meta.doc_id,
        line=line,
        footer_line=f"{meta.organisation} — {line}",
        draft=DRAFT[meta.lang] if meta.draft else None,
        page=PAGE[meta.lang],
        of=OF[meta.lang],
        title=meta.title,
        subject=meta.subject,
        version=meta.version or "",
        when=when,
    )
