"""The Word deliverables as paper: read the document XML for what LibreOffice and Word obey.

Page size and margins, column widths, rows that do not split, header rows repeated on
each page, headings kept with what follows, a paragraph between consecutive tables, the
cover page, the signature block, and no placeholder in an approved deliverable.
"""

import datetime as dt
import itertools
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.render.docx_tables import column_widths
from itsmkit.render.markdown import Run, Table
from itsmkit.render.renderer import render_one

TODAY = dt.date(2026, 6, 1)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "alpes-hebergement"
runner = CliRunner()


def _xml(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _docx(company: Path, tmp_path: Path, kind: str, ident: str, lang: str = "fr") -> Path:
    result = render_one(
        company,
        kind,
        ident,
        formats=("docx",),
        langs=(lang,),
        output=tmp_path / "out",
        today=TODAY,
    )
    [out] = result.outputs
    return out.path


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


@pytest.mark.parametrize(
    ("setting", "width", "height", "margin"),
    [(None, 11906, 16838, 1134), ("a4", 11906, 16838, 1134), ("letter", 12240, 15840, 1440)],
)
def test_page_size_is_a4_unless_letter_is_asked(company, tmp_path, setting, width, height, margin):
    if setting is not None:
        config = company / "itsmkit.yaml"
        config.write_text(config.read_text() + f"page_size: {setting}\n", encoding="utf-8")
    root = _xml(_docx(company, tmp_path, "sla", "SLA-ACME", "en"))
    for sect in root.iter(f"{W}sectPr"):
        size, mar = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (width, height)
        assert int(mar.get(f"{W}left")) == int(mar.get(f"{W}right")) == margin


def test_bad_page_size_is_a_validation_error(company):
    config = company / "itsmkit.yaml"
    config.write_text(config.read_text() + "page_size: a5\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(company)])
    assert result.exit_code == 1
    assert "page_size" in result.output


def test_tables_have_widths_from_content_rows_kept_whole_and_repeated_headers(company, tmp_path):
    root = _xml(_docx(company, tmp_path, "sla", "SLA-ACME"))
    tables = root.findall(".//w:tbl", NS)
    assert len(tables) >= 5
    text_width = 11906 - 2 * 1134
    for tbl in tables:
        grid = [int(c.get(f"{W}w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
        assert sum(grid) == text_width
        assert tbl.find("w:tblPr/w:tblLayout", NS).get(f"{W}type") == "fixed"
        rows = tbl.findall("w:tr", NS)
        for row in rows:
            assert row.find("w:trPr/w:cantSplit", NS) is not None
            cells = [int(c.get(f"{W}w")) for c in row.findall("w:tc/w:tcPr/w:tcW", NS)]
            assert cells == grid
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    # the services table: the description column is the widest, the code column narrow
    services = next(t for t in tables if _text(t.find("w:tr", NS)).startswith("CodeService"))
    grid = [int(c.get(f"{W}w")) for c in services.findall("w:tblGrid/w:gridCol", NS)]
    assert grid[2] == max(grid) and grid[0] == min(grid)


def test_column_is_never_narrower_than_its_longest_word():
    table = Table(
        header=[[Run("Élément")], [Run("Valeur")]],
        rows=[[[Run("Disponibilité")], [Run("un texte assez long " * 8)]]],
    )
    widths = column_widths(table, 9638)
    from itsmkit.render.docx_tables import CELL_PADDING, CHAR_TWIPS

    assert widths[0] >= CELL_PADDING + CHAR_TWIPS * len("Disponibilité")
    assert sum(widths) == 9638 and widths[1] > widths[0]


def test_consecutive_tables_are_separated_by_a_paragraph(company, tmp_path):
    path = _docx(company, tmp_path, "sla", "SLA-ACME")
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "</w:tbl><w:tbl" not in re.sub(r">\s+<", "><", xml)
    # the document-control and revision-history tables follow each other in the source
    body = _xml(path).find("w:body", NS)
    kinds = [child.tag for child in body]
    for a, b in itertools.pairwise(kinds):
        assert not (a == b == f"{W}tbl")


def test_headings_keep_with_next_and_cover_comes_first(company, tmp_path):
    path = _docx(company, tmp_path, "sla", "SLA-ACME")
    body = _xml(path).find("w:body", NS)
    paragraphs = body.findall("w:p", NS)
    headings = [
        p
        for p in paragraphs
        if (p.find("w:pPr/w:pStyle", NS) is not None)
        and p.find("w:pPr/w:pStyle", NS).get(f"{W}val").startswith("Heading")
    ]
    assert headings and all(h.find("w:pPr/w:keepNext", NS) is not None for h in headings)
    texts = [_text(p) for p in paragraphs]
    cover_end = next(
        i for i, p in enumerate(paragraphs) if p.find(".//w:br[@w:type='page']", NS) is not None
    )
    cover = " ".join(texts[: cover_end + 1])
    for expected in ("Hébergement Test SARL", "SLA-ACME", "Version", "approuvé", "Client"):
        assert expected in cover
    # a real table-of-contents field after the cover
    instr = " ".join(_text(i) for i in body.iter(f"{W}instrText"))
    assert "TOC \\o" in instr


def test_signature_block_stays_on_one_page_with_room_to_sign(company, tmp_path):
    root = _xml(_docx(company, tmp_path, "sla", "SLA-GLOBEX"))  # a draft, not signed
    tables = root.findall(".//w:tbl", NS)
    sig = tables[-1]
    rows = sig.findall("w:tr", NS)
    assert [_text(r.find("w:tc", NS)) for r in rows[1:]] == ["Nom", "Fonction", "Date", "Signature"]
    # every row but the last keeps with the next: Word and LibreOffice move the block whole
    for row in rows[:-1]:
        assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in row.iter(f"{W}p"))
    height = rows[-1].find("w:trPr/w:trHeight", NS)
    assert height is not None and int(height.get(f"{W}val")) >= 1440  # at least 2.5 cm
    assert height.get(f"{W}hRule") == "atLeast"
    # unsigned: the signature cells are empty, for a pen
    assert [_text(c) for c in rows[-1].findall("w:tc", NS)[1:]] == ["", ""]
    # the paragraph before the block keeps with it
    body = root.find("w:body", NS)
    before = sig.getprevious()
    assert before.tag == f"{W}p" and before.find("w:pPr/w:keepNext", NS) is not None
    assert body is not None


def test_recorded_signatures_say_who_when_and_how(company, tmp_path):
    sla = company / "agreements" / "SLA-ACME.yaml"
    text = sla.read_text(encoding="utf-8")
    text = text.replace(
        "signed_on: 2025-02-01}", "signed_on: 2025-02-01, method: signature électronique (Yousign)}"
    )
    sla.write_text(text, encoding="utf-8")
    root = _xml(_docx(company, tmp_path, "sla", "SLA-ACME"))
    last = root.findall(".//w:tbl", NS)[-1].findall("w:tr", NS)[-1]
    cells = [_text(c) for c in last.findall("w:tc", NS)]
    assert (
        cells[2] == "Signé par Paul Lefèvre le 1er février 2025 (signature électronique (Yousign))"
    )
    assert cells[1].startswith("Signé par Claire Martin le ")


def test_no_placeholder_in_an_approved_deliverable(company, tmp_path):
    # UC-DC is approved and lacks an address and priority definitions
    md = render_one(
        company, "uc", "UC-DC", formats=("md",), langs=("fr",), output=tmp_path / "o", today=TODAY
    )
    text = md.outputs[0].path.read_text(encoding="utf-8")
    assert "non renseigné" not in text and "à compléter" not in text
    # a draft marks what is missing, visibly
    draft = render_one(
        company,
        "sla",
        "SLA-GLOBEX",
        formats=("md",),
        langs=("fr",),
        output=tmp_path / "d",
        today=TODAY,
    )
    assert "**\\[à compléter\\]**" in draft.outputs[0].path.read_text(encoding="utf-8")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(path: Path) -> None:
    raw = b"\x00\xff\x00\x00"  # one red pixel, filter byte first
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(raw))
        + _chunk(b"IEND", b"")
    )


def test_logo_from_the_repository_is_on_the_cover(company, tmp_path):
    _png(company / "logo.png")
    config = company / "itsmkit.yaml"
    config.write_text(config.read_text() + "logo: logo.png\n", encoding="utf-8")
    path = _docx(company, tmp_path, "sla", "SLA-ACME")
    with zipfile.ZipFile(path) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())
    body = _xml(path).find("w:body", NS)
    first = body.findall("w:p", NS)[0]
    assert first.find(".//w:drawing", NS) is not None


def test_missing_logo_is_a_clear_usage_error(company, tmp_path):
    config = company / "itsmkit.yaml"
    config.write_text(config.read_text() + "logo: nowhere.png\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["render", "sla", "SLA-ACME", "-C", str(company), "-f", "docx", "-o", str(tmp_path / "o")],
    )
    assert result.exit_code == 2
    assert "logo 'nowhere.png'" in result.output


def test_pdf_without_libreoffice_says_how_to_get_it(company, tmp_path, monkeypatch):
    monkeypatch.setenv("ITSMKIT_SOFFICE", str(tmp_path / "no-soffice"))
    result = runner.invoke(
        app,
        ["render", "sla", "SLA-ACME", "-C", str(company), "-f", "pdf", "-o", str(tmp_path / "o")],
    )
    assert result.exit_code == 2
    assert (
        "LibreOffice" in result.output
        and "apt-get install libreoffice-writer-nogui" in result.output
    )
    assert not (tmp_path / "o").exists()  # nothing else happened
    audit = runner.invoke(app, ["audit", str(company), "-f", "pdf", "-o", str(tmp_path / "a.pdf")])
    assert audit.exit_code == 2 and "LibreOffice" in audit.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_through_libreoffice_is_a4_and_deterministic(tmp_path):
    out = tmp_path / "pdf"
    args = ["render", "sla", "SLA-CIMES-2026", "-C", str(EXAMPLE), "-f", "pdf", "-o", str(out)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    pdf = out / "SLA-CIMES-2026.fr.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    # A4 is 595 × 842 points
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box is not None
    assert (round(float(box.group(1))), round(float(box.group(2)))) == (595, 842)
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "unchanged" in again.output


def test_text_shown_in_another_language_is_warned(company, tmp_path):
    sla = company / "agreements" / "SLA-ACME.yaml"
    data = sla.read_text(encoding="utf-8")
    data = re.sub(
        r"service_description: >-\n(  .*\n)+",
        "service_description: {fr: Hébergement et supervision des serveurs.}\n",
        data,
        count=1,
    )
    sla.write_text(data, encoding="utf-8")
    result = render_one(
        company,
        "sla",
        "SLA-ACME",
        formats=("md",),
        langs=("en", "fr"),
        output=tmp_path / "o",
        today=TODAY,
    )
    by_lang = {o.lang: o for o in result.outputs}
    assert by_lang["fr"].warnings == ()
    [warning] = by_lang["en"].warnings
    assert (
        "SLA-ACME" in warning and "no English version" in warning and "shown in French" in warning
    )
    cli = runner.invoke(
        app,
        ["render", "sla", "SLA-ACME", "-C", str(company), "-l", "en", "-o", str(tmp_path / "c")],
    )
    assert cli.exit_code == 0 and "warning:" in cli.stderr and "no English version" in cli.stderr
