"""Compare the Word files of two versions of itsmkit, read back through python-docx.

Usage: python benchmarks/compare_docx.py [--old REV] [--keep DIR]

Renders every deliverable of ``examples/alpes-hebergement`` (``render all -f docx`` in
French and English, and the audit report in both) and of the render test fixture given
a reference ``.docx`` (letterhead, restyled headings) and a PNG logo, once with the
sources of git revision REV (default ``2f58c5e^1``: main just before the direct writer
was merged, the python-docx writer) and once with
this checkout, then compares each pair of files as python-docx reads them: every
paragraph's text, style and runs (bold, italic), keep-with-next and spacing, list
numbering (restarts at 1), the order of paragraphs and tables, table cells' text and
widths, fields, pictures and their size, section size, margins and first page, header
and footer texts and tab stops, core properties, the document language and
``w:updateFields``, and the definition of every style used. Prints the differences and
exits 1 when there is one. Not a test: it needs git and an older revision.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "alpes-hebergement"
FIXTURE = ROOT / "tests" / "fixtures" / "render" / "company"
RUN = "import sys; sys.path.insert(0, sys.argv.pop(1)); from itsmkit.cli.app import app; app(prog_name='itsmkit')"


def _png(path: Path, dpi: int = 144) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\x20\x60\xc0" * 30 for _ in range(12))
    ppm = round(dpi / 0.0254)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 30, 12, 8, 2, 0, 0, 0))
        + chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _company(target: Path) -> Path:
    """The fixture company with a reference document and a logo."""
    shutil.copytree(FIXTURE, target)
    reference = docx.Document()
    reference.styles["Heading 1"].font.size = docx.shared.Pt(23)
    reference.sections[0].header.paragraphs[0].text = "LETTERHEAD"
    reference.add_paragraph("body of the reference, dropped")
    reference.save(str(target / "ref.docx"))
    _png(target / "logo.png")
    config = target / "itsmkit.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "reference_docx: ref.docx\nlogo: logo.png\n",
        encoding="utf-8",
    )
    return target


def _render(src: Path, repo: Path, out: Path, cache: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(src)}
    base = [sys.executable, "-c", RUN, str(src)]
    for args in (
        ["render", "all", "-f", "docx", "-l", "fr", "-l", "en", "-o", str(out), "--force"],
        ["audit", "-f", "docx", "-l", "fr", "-o", str(out / "audit.fr.docx")],
        ["audit", "-f", "docx", "-l", "en", "-o", str(out / "audit.en.docx")],
    ):
        done = subprocess.run(
            [*base, *args, "-C", str(repo)], capture_output=True, text=True, env=env
        )
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed with {src}:\n{done.stderr}")


def _num(doc: Any, p: Any) -> tuple[str, ...] | None:
    pr = p._p.pPr
    if pr is None or pr.numPr is None or pr.numPr.numId is None:
        return None
    num_id = pr.numPr.numId.val
    numbering = doc.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    starts = tuple(s.get(qn("w:val")) for s in num.iter(qn("w:startOverride")))
    return (str(pr.numPr.ilvl.val), str(num.abstractNumId.val), *starts)


def _paragraph(doc: Any, p: Any) -> dict[str, Any]:
    fmt = p.paragraph_format
    return {
        "style": p.style.name,
        "text": p.text,
        "runs": [
            (r.text, r.bold, r.italic, str(r.font.color.rgb), r.font.size) for r in p.runs if r.text
        ],
        "keep_with_next": fmt.keep_with_next,
        "space": (fmt.space_before, fmt.space_after),
        "align": fmt.alignment,
        "tabs": [(t.position, t.alignment) for t in fmt.tab_stops],
        "num": _num(doc, p),
        "fields": [i.text for i in p._p.iter(qn("w:instrText"))],
        "fldChars": [c.get(qn("w:fldCharType")) for c in p._p.iter(qn("w:fldChar"))],
        "breaks": [b.get(qn("w:type")) for b in p._p.iter(qn("w:br"))],
        "pPr": [c.tag for c in p._p.pPr] if p._p.pPr is not None else [],  # schema order
    }


def _story(doc: Any, story: Any) -> list[Any]:
    return [_paragraph(doc, p) for p in story.paragraphs] + [
        [[c.text for c in row.cells] for row in t.rows] for t in story.tables
    ]


def _summary(path: Path) -> dict[str, Any]:
    doc = docx.Document(str(path))
    body = doc.element.body
    out: dict[str, Any] = {
        "order": [child.tag.rsplit("}", 1)[1] for child in body],
        "paragraphs": [_paragraph(doc, p) for p in doc.paragraphs],
        "tables": [
            {
                "cells": [[c.text for c in row.cells] for row in t.rows],
                "grid": [g.get(qn("w:w")) for g in t._tbl.iter(qn("w:gridCol"))],
                "widths": [w.get(qn("w:w")) for w in t._tbl.iter(qn("w:tcW"))],
                "style": t.style.name if t.style is not None else None,
                "xml": t._tbl.xml,
            }
            for t in doc.tables
        ],
        "pictures": [(s.width, s.height) for s in doc.inline_shapes],
        "images": sorted(
            (p.partname.ext, p.content_type, p.blob)
            for p in doc.part.package.parts
            if "media" in str(p.partname)
        ),
    }
    for n, s in enumerate(doc.sections):
        out[f"section{n}"] = {
            "size": (s.page_width, s.page_height, s.orientation),
            "margins": (s.left_margin, s.right_margin, s.top_margin, s.bottom_margin),
            "distances": (s.header_distance, s.footer_distance),
            "titlePg": s.different_first_page_header_footer,
            "sectPr": [c.tag for c in s._sectPr if "Reference" not in c.tag],
            "header": _story(doc, s.header),
            "footer": _story(doc, s.footer),
            "first_header": _story(doc, s.first_page_header),
            "first_footer": _story(doc, s.first_page_footer),
        }
    props = doc.core_properties
    out["core"] = {
        name: getattr(props, name)
        for name in (
            "title", "subject", "author", "last_modified_by", "identifier", "version",
            "language", "keywords", "comments", "revision", "created", "modified", "last_printed",
        )
    }  # fmt: skip
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    out["lang"] = lang.get(qn("w:val")) if lang is not None else None
    update = doc.settings.element.find(qn("w:updateFields"))
    out["updateFields"] = None
    if update is not None:  # and where it is: Word wants the schema's order
        before, after = update.getprevious(), update.getnext()
        out["updateFields"] = (
            update.get(qn("w:val")),
            before.tag if before is not None else None,
            after.tag if after is not None else None,
        )
    used = {p["style"] for p in out["paragraphs"]} | {"Normal"}
    out["styles"] = {name: doc.styles[name].element.xml for name in sorted(used)}
    return out


def _diff(old: Any, new: Any, where: str, found: list[str]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            _diff(old.get(key), new.get(key), f"{where}.{key}", found)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for n, (a, b) in enumerate(zip(old, new, strict=True)):
            _diff(a, b, f"{where}[{n}]", found)
    elif old != new:
        found.append(f"{where}: {str(old)[:300]!r} != {str(new)[:300]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--old", default="2f58c5e^1", help="git revision of the old writer (the python-docx one)"
    )
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="compare-docx-"))
    old_src = tmp / "old"
    old_src.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", args.old, "src", "templates", "schemas"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(old_src)], input=archive, check=True)
    differences = files = 0
    for name, make in (
        ("example", lambda t: shutil.copytree(EXAMPLE, t)),
        ("company", _company),
    ):
        outs = {}
        for version, src in (("old", old_src / "src"), ("new", ROOT / "src")):
            repo = tmp / f"{name}-{version}"
            make(repo)
            outs[version] = tmp / f"out-{name}-{version}"
            _render(src, repo, outs[version], tmp / f"cache-{version}")
        for old in sorted(outs["old"].glob("*.docx")):
            new = outs["new"] / old.name
            files += 1
            if not new.exists():
                print(f"{name}/{old.name}: missing from the new writer's files")
                differences += 1
                continue
            found: list[str] = []
            _diff(_summary(old), _summary(new), old.name, found)
            differences += len(found)
            print(f"{name}/{old.name}: {'same' if not found else f'{len(found)} differences'}")
            for line in found[:20]:
                print("   ", line)
    if args.keep:
        shutil.copytree(tmp, args.keep, dirs_exist_ok=True)
    shutil.rmtree(tmp)
    print(f"{files} files compared, {differences} differences")
    return 1 if differences or not files else 0


if __name__ == "__main__":
    raise SystemExit(main())
