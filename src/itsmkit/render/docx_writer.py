"""Write Word documents from the parsed Markdown of a deliverable.

Real Word structure: ``Title`` and ``Heading 1-3`` styles (a Word table of contents
picks them up), real tables and lists, a header and footer with the company, the
document id and version and ``PAGE``/``NUMPAGES`` fields. Styles come from the
company's reference ``.docx`` when it has one. The package is rewritten with fixed
timestamps and fixed core properties so the same input gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsmkit.render.docx_page import PAGE_SIZES, CoverInfo, add_cover, page_setup
from itsmkit.render.docx_tables import add_table
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
from itsmkit.textsafe import clean

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
_HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3"}
_LANG_TAGS = {"fr": "fr-FR", "en": "en-GB"}


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


class _Styles:
    """Style ids by name, looked up once (python-docx's own lookup is slow per call)."""

    def __init__(self, doc: Any, known: dict[str, str] | None = None) -> None:
        from docx.oxml.ns import qn
        from docx.styles import BabelFish

        self.ids: dict[str, str] = {}
        if known is not None:
            self.ids = dict(known)
            return
        for el in doc.styles.element.findall(qn("w:style")):
            name_el = el.find(qn("w:name"))
            style_id = el.get(qn("w:styleId"))
            if name_el is not None and style_id:
                name = name_el.get(qn("w:val"))
                # Word stores built-in names in lower case ("heading 1"); python-docx maps them.
                self.ids.setdefault(BabelFish.internal2ui(name), style_id)

    def has(self, name: str) -> bool:
        return name in self.ids

    def paragraph(self, doc: Any, name: str | None) -> Any:
        paragraph = doc.add_paragraph()
        if name is not None and name in self.ids:
            paragraph._p.get_or_add_pPr().style = self.ids[name]
        return paragraph


def _add_runs(paragraph: Any, runs: list[Run]) -> None:
    for run in runs:
        r = paragraph.add_run(clean(run.text))
        if run.bold:
            r.bold = True
        if run.italic:
            r.italic = True


def _field(paragraph: Any, instruction: str, cached: str = "1") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(cached)
    char("end")


def _toc(doc: Any, styles: _Styles, entries: list[str], lang: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    title = styles.paragraph(doc, "TOC Heading")
    title.add_run(CONTENTS[lang]).bold = True

    def char(paragraph: Any, kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(el)

    # A real TOC field; its cached result lists the headings until Word updates it.
    first = doc.add_paragraph()
    char(first, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-3" \\h \\z \\u '
    first.add_run()._r.append(instr)
    char(first, "separate")
    last = first
    for index, entry in enumerate(entries):
        paragraph = first if index == 0 else doc.add_paragraph()
        paragraph.add_run(clean(entry))
        last = paragraph
    char(last, "end")


def _restart_numbering(doc: Any, paragraph: Any) -> None:
    """Give a numbered list its own numbering so it starts again at 1."""
    try:
        numbering = doc.part.numbering_part.element
        style_num = doc.styles["List Number"].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
    except (AttributeError, KeyError, NotImplementedError):
        return  # a reference document without list numbering: Word continues it
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num.numId


def _front_matter(blocks: list[Block]) -> int:
    """How many blocks come before the table of contents (the cover replaces them)."""
    for n, block in enumerate(blocks):
        if isinstance(block, Toc):
            return n
    return 0


def _space_after_table(body: Any) -> None:
    """Room between a table and the text under it (the first paragraph after the table)."""
    from docx.oxml.ns import qn

    tables = body.findall(qn("w:tbl"))
    following = tables[-1].getnext() if tables else None
    if following is not None and following.tag == qn("w:p"):
        spacing = following.get_or_add_pPr().get_or_add_spacing()  # keeps the schema order
        spacing.set(qn("w:before"), "120")  # 6 pt


def _keep_with_next(paragraph: Any) -> None:
    paragraph.paragraph_format.keep_with_next = True


# Style ids of each reference document (None: python-docx's default), read once per
# process: every document made from it starts with the same styles.
_STYLE_IDS: dict[tuple[str, int, int] | None, dict[str, str]] = {}


def _styles_of(doc: Any, reference: Path | None) -> _Styles:
    key = None
    if reference is not None:
        st = reference.stat()
        key = (str(reference), st.st_size, st.st_mtime_ns)
    known = _STYLE_IDS.get(key)
    styles = _Styles(doc, known)
    if known is None:
        _STYLE_IDS[key] = dict(styles.ids)
    return styles


def _body(doc: Any, blocks: list[Block], meta: DocMeta, styles: _Styles) -> None:
    entries = toc_headings(blocks)
    width = PAGE_SIZES[meta.page_size].text_width
    table_style = styles.ids.get("Table Grid")
    body = doc.element.body
    if meta.cover is not None:
        add_cover(doc, meta.cover, styles.ids, width)
        blocks = blocks[_front_matter(blocks) :]
    previous: Block | None = None
    last_paragraph: Any = None
    for n, block in enumerate(blocks):
        if isinstance(block, Heading):
            style = _HEADING_STYLES.get(block.level, "Heading 3")
            last_paragraph = styles.paragraph(doc, style)
            _add_runs(last_paragraph, block.runs)
            _keep_with_next(last_paragraph)
        elif isinstance(block, Paragraph):
            last_paragraph = doc.add_paragraph()
            _add_runs(last_paragraph, block.runs)
            following = blocks[n + 1] if n + 1 < len(blocks) else None
            if isinstance(following, Table | ListBlock):
                _keep_with_next(last_paragraph)  # an introduction stays with what it introduces
        elif isinstance(block, Quote):
            quote = next((s for s in ("Intense Quote", "Quote") if styles.has(s)), None)
            last_paragraph = styles.paragraph(doc, quote)
            _add_runs(last_paragraph, block.runs)
        elif isinstance(block, ListBlock):
            style = "List Number" if block.ordered else "List Bullet"
            for k, item in enumerate(block.items):
                last_paragraph = styles.paragraph(doc, style)
                if block.ordered and k == 0 and styles.has(style):
                    _restart_numbering(doc, last_paragraph)
                _add_runs(last_paragraph, item)
        elif isinstance(block, Table):
            if isinstance(previous, Table):
                doc.add_paragraph()  # two tables in a row would merge into one
            if block.signatures and last_paragraph is not None:
                _keep_with_next(last_paragraph)
            add_table(body, block, width, table_style)
        elif isinstance(block, Toc):
            _toc(doc, styles, entries, meta.lang)
            doc.add_page_break()
        elif isinstance(block, PageBreak):
            doc.add_page_break()
        if isinstance(previous, Table) and isinstance(block, Paragraph | ListBlock | Quote):
            _space_after_table(body)
        previous = block


def _is_empty(part: Any) -> bool:
    return not any(p.text.strip() for p in part.paragraphs) and not part.tables


def _right_tab(paragraph: Any, position: int) -> None:
    """One right-aligned tab stop at the right margin (the style's stops assume Letter)."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Twips

    stops = paragraph.paragraph_format.tab_stops
    for inherited in (4680, 9360):  # the centre and right stops of Word's Header/Footer styles
        if inherited != position:
            stops.add_tab_stop(Twips(inherited), WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(Twips(position), WD_TAB_ALIGNMENT.RIGHT)


def _header_footer(doc: Any, meta: DocMeta) -> None:
    from docx.shared import RGBColor

    version = f" — v{meta.version}" if meta.version else ""
    width = PAGE_SIZES[meta.page_size].text_width
    for section in doc.sections:
        if meta.cover is not None:
            section.different_first_page_header_footer = True
        header = section.header
        header.is_linked_to_previous = False
        if _is_empty(header):  # keep a company letterhead from the reference document
            paragraph = header.paragraphs[0]
            paragraph.add_run(meta.organisation).bold = True
            paragraph.add_run(f"\t{meta.doc_id}{version}")
            _right_tab(paragraph, width)
        if meta.draft:
            mark = header.add_paragraph().add_run(DRAFT[meta.lang])
            mark.bold = True
            mark.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if _is_empty(footer) else footer.add_paragraph()
        _right_tab(paragraph, width)
        paragraph.add_run(f"{meta.organisation} — {meta.doc_id}{version}\t{PAGE[meta.lang]} ")
        _field(paragraph, "PAGE")
        paragraph.add_run(f" {OF[meta.lang]} ")
        _field(paragraph, "NUMPAGES")


def _language(doc: Any, lang: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), _LANG_TAGS.get(lang, lang))


def _core(doc: Any, meta: DocMeta) -> None:
    props = doc.core_properties
    when = (
        dt.datetime(meta.date.year, meta.date.month, meta.date.day, tzinfo=dt.timezone.utc)
        if meta.date
        else FIXED_DATE
    )
    props.title = meta.title
    props.subject = meta.subject
    props.author = meta.organisation
    props.last_modified_by = meta.organisation
    props.identifier = meta.doc_id
    props.version = meta.version or ""
    props.language = _LANG_TAGS.get(meta.lang, meta.lang)
    props.keywords = "itsmkit"
    props.comments = ""
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


# What follows w:updateFields in w:settings (ECMA-376 order), so it goes before them.
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def _update_fields(doc: Any) -> None:
    """Ask Word to refresh the table of contents and page numbers when it opens the file."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    later = {qn(t) for t in _AFTER_UPDATE_FIELDS}
    after = next((child for child in settings if child.tag in later), None)
    if after is not None:
        after.addprevious(el)
    else:
        settings.append(el)


def new_document(reference: Path | None) -> Any:
    """A python-docx document, from the reference ``.docx`` with its body emptied."""
    from docx import Document
    from docx.oxml.ns import qn

    if reference is None:
        return Document()
    doc = Document(str(reference))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def write_docx(blocks: list[Block], meta: DocMeta, reference: Path | None = None) -> bytes:
    """The bytes of a Word document holding ``blocks``."""
    # Word XML cannot hold control characters: the header, footer and properties too.
    meta = dataclasses.replace(
        meta,
        organisation=clean(meta.organisation),
        doc_id=clean(meta.doc_id),
        title=clean(meta.title),
        subject=clean(meta.subject),
        version=clean(meta.version) if meta.version is not None else None,
    )
    doc = new_document(reference)
    page_setup(doc, PAGE_SIZES[meta.page_size])
    _language(doc, meta.lang)
    _update_fields(doc)
    _body(doc, blocks, meta, _styles_of(doc, reference))
    _header_footer(doc, meta)
    _core(doc, meta)
    return save_deterministic(doc)


def save_deterministic(doc: Any) -> bytes:
    """Save a python-docx (or docxtpl) document as deterministic bytes.

    The parts are serialised as python-docx's own writer does, then zipped once in the
    normalised order (the same bytes as saving and rewriting the saved zip, without
    compressing everything twice); any surprise from python-docx falls back to that.
    """
    members = _members(doc)
    if members is None:
        buffer = io.BytesIO()
        doc.save(buffer)
        return normalise_zip(buffer.getvalue())
    return _zip(members)


class _Collector:
    """Stands in for python-docx's zip writer: keeps each member's bytes."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.members[pack_uri.membername] = blob


def _members(doc: Any) -> dict[str, bytes] | None:
    try:
        from docx.opc.pkgwriter import PackageWriter

        writer: Any = PackageWriter  # its helpers are untyped; python-docx pinned in the lock
        package = doc.part.package
        parts = list(package.parts)
        for part in parts:
            part.before_marshal()
        out = _Collector()
        writer._write_content_types_stream(out, parts)
        writer._write_pkg_rels(out, package.rels)
        writer._write_parts(out, parts)
    except AttributeError:  # another python-docx: save it the documented way
        return None
    return out.members


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for name in sorted(members, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            zout.writestr(info, members[name])
    return out.getvalue()


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a package with sorted entries and fixed timestamps and attributes."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        return _zip({name: zin.read(name) for name in zin.namelist()})
