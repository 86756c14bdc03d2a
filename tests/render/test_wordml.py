"""The Word writer that writes WordprocessingML itself, read back by lxml and python-docx.

Every part is well-formed XML whatever the text; numbered lists restart at 1 through a
new ``w:num`` placed in schema order; ``w:updateFields`` sits where ECMA-376 puts it;
a logo keeps the size python-docx gives it (PNG and JPEG, with and without a resolution);
a reference document's styles, letterhead and footer are kept; a reference document the
writer cannot read is a clear usage error; the base package has every style the writer
asks for. ``benchmarks/compare_docx.py`` compares whole files with the python-docx writer.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Twips
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.errors import UsageError
from itsmkit.render.docx_page import CoverInfo
from itsmkit.render.docx_writer import DocMeta, write_docx
from itsmkit.render.markdown import parse
from itsmkit.render.wordimage import read_image
from itsmkit.render.wordml import run
from itsmkit.render.wordparts import style_ids, update_fields
from itsmkit.render.wordxml import W_NS, attr, esc

W = f"{{{W_NS}}}"
NS = {"w": W_NS}
runner = CliRunner()
MD = (
    "# Titre & <co>\n\n<!-- toc -->\n\n## Un\n\n1. premier\n2. second\n\n"
    "Texte **gras** et *italique*.\n\n1. encore\n2. une liste\n\n- puce\n\n"
    "> citation\n\n| a | b |\n|---|---|\n| x & y | <z> |\n\nAprès le tableau.\n"
)


def _meta(**kw: object) -> DocMeta:
    values: dict[str, object] = {
        "organisation": 'Martin & "Fils" <SARL>',
        "doc_id": "SLA-1",
        "title": "Contrat & <titre>",
        "subject": "SLA",
        "lang": "fr",
        "draft": True,
        "version": "1.0",
        "date": dt.date(2026, 5, 4),
    }
    values.update(kw)
    return DocMeta(**values)  # type: ignore[arg-type]


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _cover(logo: Path | None = None) -> CoverInfo:
    return CoverInfo(
        organisation="Martin & Fils",
        title="Contrat",
        kind_title="SLA",
        lang="fr",
        doc_id="SLA-1",
        rows=(("Client", "A & B"),),
        draft=True,
        logo=logo,
    )


def test_every_part_is_well_formed_and_text_is_escaped() -> None:
    data = write_docx(parse(MD), _meta(cover=_cover()))
    for name, blob in _parts(data).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(blob)  # raises on any unescaped text
    doc = docx.Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert "Titre & <co>" not in texts  # the cover replaces the front matter...
    assert "Contrat" in texts and "Client\u00a0: A & B" in texts  # ...and is escaped
    assert doc.tables[0].cell(1, 0).text == "x & y"
    assert doc.tables[0].cell(1, 1).text == "<z>"
    header = doc.sections[0].header.paragraphs
    assert header[0].text == 'Martin & "Fils" <SARL>\tSLA-1 — v1.0'
    assert header[-1].text == "BROUILLON" and header[-1].runs[0].font.color.rgb == (192, 0, 0)
    assert doc.core_properties.title == "Contrat & <titre>"
    assert doc.core_properties.author == 'Martin & "Fils" <SARL>'
    assert doc.core_properties.created == dt.datetime(2026, 5, 4, tzinfo=dt.timezone.utc)


def test_styles_runs_and_the_paragraph_after_a_table() -> None:
    doc = docx.Document(io.BytesIO(write_docx(parse(MD), _meta(draft=False))))
    by_text = {p.text: p for p in doc.paragraphs}
    assert by_text["Titre & <co>"].style.name == "Title"
    assert by_text["Un"].style.name == "Heading 1"
    assert by_text["Un"].paragraph_format.keep_with_next
    assert by_text["citation"].style.name == "Intense Quote"
    assert by_text["puce"].style.name == "List Bullet"
    runs = [(r.text, r.bold, r.italic) for r in by_text["Texte gras et italique."].runs]
    assert runs == [
        ("Texte ", None, None),
        ("gras", True, None),
        (" et ", None, None),
        ("italique", None, True),
        (".", None, None),
    ]
    assert by_text["Après le tableau."].paragraph_format.space_before == Twips(120)
    toc = [p for p in doc.paragraphs if p.style.name == "TOC Heading"]
    assert [p.text for p in toc] == ["Sommaire"]


def test_numbered_lists_restart_at_one_in_schema_order() -> None:
    data = write_docx(parse(MD), _meta())
    numbering = etree.fromstring(_parts(data)["word/numbering.xml"])
    document = etree.fromstring(_parts(data)["word/document.xml"])
    firsts = [
        p.find("w:pPr/w:numPr/w:numId", NS).get(f"{W}val")
        for p in document.iter(f"{W}p")
        if p.find("w:pPr/w:numPr", NS) is not None
    ]
    assert len(firsts) == 2 and firsts[0] != firsts[1]  # one numbering per list
    for num_id in firsts:
        [num] = numbering.xpath(f"w:num[@w:numId='{num_id}']", namespaces=NS)
        assert num.xpath("w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val", namespaces=NS) == [
            "1"
        ]
    tags = [etree.QName(c).localname for c in numbering]
    assert tags == sorted(tags, key=lambda t: {"abstractNum": 0, "num": 1}.get(t, 2))


def test_update_fields_goes_where_the_schema_says() -> None:
    settings = (
        f'<w:settings xmlns:w="{W_NS}" xmlns:m="m"><w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="720"/><w:compat/><m:mathPr/><w:decimalSymbol w:val="."/>'
        "</w:settings>"
    )
    out = update_fields(settings)
    assert '<w:defaultTabStop w:val="720"/><w:updateFields w:val="true"/><w:compat/>' in out
    assert update_fields(out) == out  # never twice
    bare = update_fields(f'<w:settings xmlns:w="{W_NS}"/>')
    assert bare == f'<w:settings xmlns:w="{W_NS}"><w:updateFields w:val="true"/></w:settings>'


def test_page_setup_header_footer_and_language() -> None:
    data = write_docx(parse(MD), _meta(page_size="letter", cover=_cover(), lang="en"))
    doc = docx.Document(io.BytesIO(data))
    section = doc.sections[0]
    assert (section.page_width, section.page_height) == (Twips(12240), Twips(15840))
    assert section.left_margin == section.right_margin == Twips(1440)
    assert section.different_first_page_header_footer  # the cover has no running header
    tabs = section.header.paragraphs[0].paragraph_format.tab_stops
    stops = [(t.position, t.alignment) for t in tabs]
    # The style's centre stop cleared, its right stop at 9360 is the text width of Letter.
    assert stops == [(Twips(4680), WD_TAB_ALIGNMENT.CLEAR), (Twips(9360), WD_TAB_ALIGNMENT.RIGHT)]
    footer = section.footer.paragraphs[0]
    assert footer.text.endswith("\tPage 1 of 1")
    instructions = [t.text for t in footer._p.iter(f"{W}instrText")]
    assert instructions == [" PAGE ", " NUMPAGES "]
    styles = etree.fromstring(_parts(data)["word/styles.xml"])
    assert styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val", namespaces=NS) == [
        "en-GB"
    ]


def _png(dpi: int | None) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    phys = (
        chunk(b"pHYs", struct.pack(">IIB", round(dpi / 0.0254), round(dpi / 0.0254), 1))
        if dpi
        else b""
    )
    raw = b"".join(b"\x00" + b"\x10\x20\x30" * 40 for _ in range(17))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 17, 8, 2, 0, 0, 0))
        + phys
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _jpeg(density: tuple[int, int] | None) -> bytes:
    """The markers of a JPEG header (python-docx and this writer read no further)."""
    unit, value = density or (0, 1)  # unit 0: an aspect ratio, no resolution
    body = b"JFIF\x00\x01\x01" + struct.pack(">BHHBB", unit, value, value, 0, 0)
    app0 = b"\xff\xe0" + struct.pack(">H", len(body) + 2) + body
    sof = b"\x08" + struct.pack(">HH", 23, 61) + b"\x03" + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00"
    return b"\xff\xd8" + app0 + b"\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof + b"\xff\xd9"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.png", _png(None)),
        ("logo.png", _png(300)),
        ("logo.jpg", _jpeg(None)),
        ("logo.jpg", _jpeg((1, 200))),
        ("logo.jpg", _jpeg((2, 40))),
    ],
)
def test_logo_has_the_size_python_docx_gives_it(tmp_path: Path, name: str, data: bytes) -> None:
    logo = tmp_path / name
    logo.write_bytes(data)
    expected = docx.Document()
    shape = expected.add_picture(str(logo), width=Twips(2700))
    out = docx.Document(io.BytesIO(write_docx(parse(MD), _meta(cover=_cover(logo)))))
    [mine] = out.inline_shapes
    assert (mine.width, mine.height) == (shape.width, shape.height)
    blip = mine._inline.graphic.graphicData.pic.blipFill.blip
    assert out.part.related_parts[blip.embed].content_type == read_image(data).content_type


def test_a_reference_keeps_its_styles_letterhead_and_footer(tmp_path: Path) -> None:
    reference = docx.Document()
    reference.styles["Heading 1"].font.size = docx.shared.Pt(23)
    reference.sections[0].header.paragraphs[0].text = "LETTERHEAD & co"
    reference.sections[0].footer.paragraphs[0].text = "Siège : Grenoble"
    reference.add_paragraph("body of the reference, dropped")
    path = tmp_path / "ref.docx"
    reference.save(str(path))
    doc = docx.Document(io.BytesIO(write_docx(parse(MD), _meta(), path)))
    assert doc.styles["Heading 1"].font.size == docx.shared.Pt(23)
    header = [p.text for p in doc.sections[0].header.paragraphs]
    assert header == ["LETTERHEAD & co", "BROUILLON"]
    footer = [p.text for p in doc.sections[0].footer.paragraphs]
    assert footer[0] == "Siège : Grenoble" and footer[1].endswith("Page 1 sur 1")
    assert all("dropped" not in p.text for p in doc.paragraphs)


def test_an_unreadable_reference_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "ref.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(UsageError, match="cannot read this reference document"):
        write_docx(parse(MD), _meta(), bad)
    empty = tmp_path / "empty.docx"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(UsageError, match="not a Word document"):
        write_docx(parse(MD), _meta(), empty)


def test_an_unreadable_reference_is_refused_by_the_cli(company: Path, tmp_path: Path) -> None:
    (company / "ref.docx").write_bytes(b"PK not really")
    config = company / "itsmkit.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "reference_docx: ref.docx\n", encoding="utf-8"
    )
    result = runner.invoke(
        app,
        ["render", "sla", "SLA-ACME", "-C", str(company), "-f", "docx", "-o", str(tmp_path / "o")],
    )
    assert result.exit_code == 2, result.output
    assert "cannot read this reference document" in result.output
    assert "Traceback" not in result.output


def test_the_base_package_has_every_style_the_writer_asks_for() -> None:
    base = Path(__file__).resolve().parents[2] / "src" / "itsmkit" / "data" / "wordbase"
    ids = style_ids((base / "word" / "styles.xml").read_text(encoding="utf-8"))
    wanted = {"Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Quote"}
    wanted |= {"Intense Quote", "List Bullet", "List Number", "Table Grid", "TOC Heading"}
    wanted |= {"Header", "Footer", "Normal"}
    assert wanted <= set(ids)
    assert ids["Heading 1"] == "Heading1"  # "heading 1" in the file, as Word writes it
    assert (base / "NOTICE").read_text(encoding="utf-8").count("MIT") >= 1


def test_same_input_same_bytes(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(96))
    meta = _meta(cover=_cover(logo))
    assert write_docx(parse(MD), meta) == write_docx(parse(MD), meta)


@given(st.text())
def test_runs_keep_any_clean_text(text: str) -> None:
    from itsmkit.textsafe import clean

    safe = clean(text)
    el = etree.fromstring(f'<w:p xmlns:w="{W_NS}">{run(safe, bold=True)}</w:p>')
    shown = "".join(
        "\t" if c.tag == f"{W}tab" else "\n" if c.tag == f"{W}br" else c.text or ""
        for c in el.iter(f"{W}t", f"{W}tab", f"{W}br")
    )
    assert shown == safe.replace("\r", "\n")
    tag = etree.fromstring(f'<x a="{attr(safe)}">{esc(safe)}</x>')
    lines = re.sub("\r\n?", "\n", safe)  # what any XML parser reads back
    assert (tag.text or "") == lines
    assert tag.get("a") == lines.replace("\t", " ").replace("\n", " ")


def test_the_zip_is_what_zipfile_writes_and_reused_parts_change_nothing() -> None:
    from itsmkit.render.wordpackage import FIXED_ZIP_TIME, zip_members

    members = {
        "word/document.xml": b"<w:document/>" * 500,
        "[Content_Types].xml": b"<Types/>",
        "word/media/logo \u00e9t\u00e9.png": bytes(range(256)) * 40,
    }
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w") as z:
        for name in [
            "[Content_Types].xml",
            "word/document.xml",
            "word/media/logo \u00e9t\u00e9.png",
        ]:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            z.writestr(info, members[name])
    assert zip_members(members) == expected.getvalue()
    keep = {"word/media/logo \u00e9t\u00e9.png"}
    assert zip_members(members, keep) == zip_members(members, keep) == expected.getvalue()
    with zipfile.ZipFile(io.BytesIO(zip_members(members, keep))) as z:
        assert z.testzip() is None
        assert {n: z.read(n) for n in z.namelist()} == members


def test_documents_from_one_reference_are_the_same_bytes_as_from_a_fresh_process(
    tmp_path: Path,
) -> None:
    from itsmkit.render import docx_writer, wordpackage

    reference = docx.Document()
    reference.sections[0].header.paragraphs[0].text = "LETTERHEAD"
    path = tmp_path / "ref.docx"
    reference.save(str(path))
    first = write_docx(parse(MD), _meta(), path)
    write_docx(parse("# Autre\n\nTexte.\n"), _meta(lang="en"), path)
    again = write_docx(parse(MD), _meta(), path)
    docx_writer._PACKAGES.clear()
    docx_writer._STYLE_IDS.clear()
    wordpackage._DEFLATED.clear()
    assert write_docx(parse(MD), _meta(), path) == first == again


def test_the_base_package_is_what_the_script_makes_from_python_docx(tmp_path: Path) -> None:
    import runpy

    root = Path(__file__).resolve().parents[2]
    script = runpy.run_path(str(root / "scripts" / "make_wordbase.py"))
    script["main"](tmp_path)
    shipped = root / "src" / "itsmkit" / "data" / "wordbase"
    made = {
        p.relative_to(tmp_path).as_posix(): p.read_bytes()
        for p in tmp_path.rglob("*")
        if p.is_file()
    }
    kept = {
        p.relative_to(shipped).as_posix(): p.read_bytes()
        for p in shipped.rglob("*")
        if p.is_file() and p.name != "NOTICE"
    }
    assert made == kept


def test_a_reference_without_the_w_prefix_is_refused_not_misread(tmp_path: Path) -> None:
    path = tmp_path / "ref.docx"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="x"></Types>')
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", f'<document xmlns="{W_NS}"><body><p/></body></document>')
    with pytest.raises(UsageError, match="usual w: prefix") as caught:
        write_docx(parse(MD), _meta(), path)
    assert "save it again" in (caught.value.hint or "")


def test_a_logo_that_is_no_image_is_a_usage_error(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"GIF89a not a png")
    with pytest.raises(UsageError, match="not a PNG or JPEG") as caught:
        write_docx(parse(MD), _meta(cover=_cover(logo)))
    assert "logo" in (caught.value.hint or "")


_NAMES = st.sampled_from(["w:p", "w:r", "w:t", "w:tab", "w:pPr", "w:p2"])
_VALUES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=5)
_TREES = st.recursive(
    st.tuples(_NAMES, _VALUES, st.just([])),
    lambda kids: st.tuples(_NAMES, _VALUES, st.lists(kids, max_size=4)),
    max_leaves=12,
)


def _xml(tree: tuple[str, str, list[Any]]) -> str:
    name, value, kids = tree
    inner = "".join(_xml(k) for k in kids)
    tag = f'<{name} w:val="{attr(value)}"'
    if not inner:
        return f"{tag}/>"
    return f"{tag}>{esc(value)}<!-- <{name}> -->{inner}</{name}>"


@given(st.lists(_TREES, min_size=1, max_size=4))
def test_the_text_reader_sees_the_elements_a_parser_sees(
    trees: list[tuple[str, str, list[Any]]],
) -> None:
    from itsmkit.render.wordxml import children, find, get_attr, insert_child

    xml = f'<w:body xmlns:w="{W_NS}">' + "".join(_xml(t) for t in trees) + "</w:body>"
    parsed = etree.fromstring(xml)
    body = find(xml, "w:body")
    assert body is not None
    mine = children(xml, body)
    assert [c.name for c in mine] == [f"w:{etree.QName(e).localname}" for e in parsed]
    for span, element in zip(mine, parsed, strict=True):
        assert get_attr(span.start_tag, "w:val") == element.get(f"{W}val")
        alone = etree.fromstring(f'<w:x xmlns:w="{W_NS}">{xml[span.start : span.end]}</w:x>')
        assert etree.tostring(alone[0]) == etree.tostring(element)
    # A child ranked before w:p goes just before the first w:p, others being unknown.
    added = etree.fromstring(insert_child(xml, body, "<w:new/>", "w:new", ("w:new", "w:p")))
    names = [etree.QName(e).localname for e in added]
    expected = [etree.QName(e).localname for e in parsed]
    expected.insert(expected.index("p") if "p" in expected else len(expected), "new")
    assert names == expected
