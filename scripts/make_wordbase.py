"""Make ``src/itsmkit/data/wordbase/``: the base package of the built-in Word writer.

Usage: python scripts/make_wordbase.py  (needs python-docx, which ships the source)

The parts come from python-docx's ``templates/default.docx`` (MIT licence, copyright
2013 Steve Canny; see ``NOTICE`` in the output folder). Its styles are cut down to the
styles the writer uses and the ones they are based on, link to or are followed by (the
other 150 are built into Word anyway); the parts nothing refers to (stylesWithEffects,
customXml, the thumbnail) are left out. The document body is empty.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "itsmkit" / "data" / "wordbase"
SOURCE = Path(docx.__file__).parent / "templates" / "default.docx"
USED = {
    "Normal", "Default Paragraph Font", "Normal Table", "No List", "Title", "Subtitle",
    "heading 1", "heading 2", "heading 3", "Quote", "Intense Quote", "List Bullet",
    "List Number", "Table Grid", "header", "footer", "TOC Heading",
}  # fmt: skip
KEEP = (
    "word/styles.xml",
    "word/numbering.xml",
    "word/settings.xml",
    "word/fontTable.xml",
    "word/webSettings.xml",
    "word/theme/theme1.xml",
)
_STYLE = re.compile(r"\s*<w:style\b[^>]*w:styleId=\"([^\"]*)\"[^>]*>.*?</w:style>", re.S)


def _styles(xml: str) -> str:
    found = {m.group(1): m for m in _STYLE.finditer(xml)}
    names = {
        i: re.search(r'<w:name w:val="([^"]*)"', m.group(0)).group(1) for i, m in found.items()
    }  # type: ignore[union-attr]
    wanted = [i for i, n in names.items() if n in USED]
    keep: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in keep or style_id not in found:
            continue
        keep.add(style_id)
        wanted += re.findall(r'<w:(?:basedOn|next|link) w:val="([^"]*)"', found[style_id].group(0))
    return _STYLE.sub(lambda m: m.group(0) if m.group(1) in keep else "", xml)


CONTENT_TYPES = """<?xml version='1.0' encoding='UTF-8' standalone='yes'?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="xml" ContentType="application/xml"/>
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
  <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
  <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
  <Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
  <Override PartName="/word/webSettings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.webSettings+xml"/>
  <Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
  <Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>
</Types>
"""
PACKAGE_RELS = """<?xml version='1.0' encoding='UTF-8' standalone='yes'?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>
"""
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCUMENT_RELS = f"""<?xml version='1.0' encoding='UTF-8' standalone='yes'?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId2" Type="{_R}/numbering" Target="numbering.xml"/>
  <Relationship Id="rId3" Type="{_R}/styles" Target="styles.xml"/>
  <Relationship Id="rId5" Type="{_R}/settings" Target="settings.xml"/>
  <Relationship Id="rId6" Type="{_R}/webSettings" Target="webSettings.xml"/>
  <Relationship Id="rId7" Type="{_R}/fontTable" Target="fontTable.xml"/>
  <Relationship Id="rId8" Type="{_R}/theme" Target="theme/theme1.xml"/>
</Relationships>
"""


def main(target: Path = TARGET) -> None:
    """Write the parts into ``target``."""
    with zipfile.ZipFile(SOURCE) as z:
        parts = {name: z.read(name).decode("utf-8") for name in KEEP}
        document = z.read("word/document.xml").decode("utf-8")
    parts["word/styles.xml"] = _styles(parts["word/styles.xml"])
    parts["word/document.xml"] = document
    parts["[Content_Types].xml"] = CONTENT_TYPES
    parts["_rels/.rels"] = PACKAGE_RELS
    parts["word/_rels/document.xml.rels"] = DOCUMENT_RELS
    for name, text in parts.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(parts)} parts to {target}")


if __name__ == "__main__":
    main()
