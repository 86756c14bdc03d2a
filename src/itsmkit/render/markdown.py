"""The restricted Markdown the templates produce, and a parser for it.

One source per deliverable: templates write Markdown, and the Word writer reads the
same Markdown through :func:`parse`. The subset is ATX headings, paragraphs, ``-`` and
``1.`` lists, pipe tables, ``>`` quotes, ``**bold**``, ``*italic*``, backslash escapes,
and the ``<!-- toc -->``, ``<!-- pagebreak -->`` and ``<!-- signatures -->`` markers (the
last one before a table makes it a signature block in Word: kept on one page, with room
to sign by hand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from itsmkit.textsafe import clean

TOC_MARKER = "<!-- toc -->"
PAGEBREAK_MARKER = "<!-- pagebreak -->"
SIGNATURES_MARKER = "<!-- signatures -->"
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Heading:
    """``#`` to ``####``."""

    level: int
    runs: list[Run]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Lines of text joined by spaces."""

    runs: list[Run]


@dataclass(frozen=True, slots=True)
class Quote:
    """A ``>`` block (used for the draft mark)."""

    runs: list[Run]


@dataclass(frozen=True, slots=True)
class ListBlock:
    """Consecutive list items of one kind."""

    ordered: bool
    items: list[list[Run]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Table:
    """A pipe table: a header row and body rows of inline runs."""

    header: list[list[Run]]
    rows: list[list[list[Run]]]
    signatures: bool = False


@dataclass(frozen=True, slots=True)
class Toc:
    """Where the table of contents goes."""


@dataclass(frozen=True, slots=True)
class PageBreak:
    """A page break (Word only)."""


Block = Heading | Paragraph | Quote | ListBlock | Table | Toc | PageBreak

_HEADING = re.compile(r"^(#{1,4})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def inline(text: str) -> list[Run]:
    """Split text into runs on ``**`` and ``*``, honouring backslash escapes."""
    runs: list[Run] = []
    buf: list[str] = []
    bold = italic = False
    i = 0

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), bold, italic))
            buf.clear()

    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCT:
            buf.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
            continue
        if ch == "*":
            flush()
            italic = not italic
            i += 1
            continue
        buf.append(ch)
        i += 1
    flush()
    return runs


def plain(runs: list[Run]) -> str:
    """The text of runs without formatting."""
    return "".join(r.text for r in runs)


def split_row(line: str) -> list[str]:
    r"""Cells of a pipe-table row; ``\\|`` stays inside its cell."""
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line):
            buf.append(line[i : i + 2])
            i += 2
            continue
        if line[i] == "|":
            cells.append("".join(buf).strip())
            buf = []
        else:
            buf.append(line[i])
        i += 1
    cells.append("".join(buf).strip())
    return cells


def parse(markdown: str) -> list[Block]:
    """Read the restricted Markdown into blocks."""
    blocks: list[Block] = []
    # clean(): no NEL/U+2028/U+2029 or vertical tab is left for splitlines() to break on.
    lines = clean(markdown).splitlines()
    para: list[str] = []
    signatures = False

    def end_para() -> None:
        if para:
            blocks.append(Paragraph(inline(" ".join(s.strip() for s in para))))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            end_para()
            i += 1
            continue
        if stripped == TOC_MARKER:
            end_para()
            blocks.append(Toc())
            i += 1
            continue
        if stripped == SIGNATURES_MARKER:
            end_para()
            signatures = True
            i += 1
            continue
        if stripped == PAGEBREAK_MARKER:
            end_para()
            blocks.append(PageBreak())
            i += 1
            continue
        heading = _HEADING.match(stripped)
        if heading:
            end_para()
            blocks.append(Heading(len(heading.group(1)), inline(heading.group(2))))
            i += 1
            continue
        if stripped.startswith(">"):
            end_para()
            quoted = []
            while i < len(lines) and lines[i].strip().startswith(">"):
                quoted.append(lines[i].strip()[1:].strip())
                i += 1
            blocks.append(Quote(inline(" ".join(quoted))))
            continue
        if stripped.startswith("|") and i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1]):
            end_para()
            header = [inline(c) for c in split_row(stripped)]
            i += 2
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [inline(c) for c in split_row(lines[i])]
                cells = (cells + [[] for _ in header])[: len(header)]
                rows.append(cells)
                i += 1
            blocks.append(Table(header, rows, signatures))
            signatures = False
            continue
        bullet, number = _BULLET.match(line), _NUMBER.match(line)
        if bullet or number:
            end_para()
            ordered = number is not None
            block = ListBlock(ordered)
            while i < len(lines):
                match = (_NUMBER if ordered else _BULLET).match(lines[i])
                if match:
                    block.items.append(inline(match.group(1)))
                elif not lines[i].strip():
                    # a blank line between items keeps the list going (a "loose" list)
                    nxt = next((x for x in lines[i + 1 :] if x.strip()), "")
                    if not (_NUMBER if ordered else _BULLET).match(nxt):
                        break
                elif not _starts_block(lines[i]) and block.items:
                    # a lazy continuation line belongs to the item above it
                    last = block.items[-1]
                    block.items[-1] = last + inline(" " + lines[i].strip())
                else:
                    break
                i += 1
            blocks.append(block)
            continue
        para.append(line)
        i += 1
    end_para()
    return blocks


def _starts_block(line: str) -> bool:
    s = line.strip()
    return bool(s.startswith(("#", ">", "|", "<!--")) or _BULLET.match(line) or _NUMBER.match(line))


def _toc_entry(text: str) -> str:
    # A heading such as "1. Scope" must not start a numbered list inside a bullet.
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


def finish(markdown: str, contents_title: str, *, expand_toc: bool = True) -> str:
    """Tidy blank lines and trailing spaces, and expand ``<!-- toc -->`` into a list.

    The contents list names every level-2 heading, in order. The Word writer asks for
    the marker unexpanded and puts a real table-of-contents field there instead.
    """
    # Values are cleaned when escaped; this also catches literal text of company templates.
    lines = [line.rstrip() for line in clean(markdown).splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
    if expand_toc and TOC_MARKER in text:
        entries = [
            "- " + _toc_entry(m.group(1).strip())
            for m in re.finditer(r"^## (.+)$", text, flags=re.MULTILINE)
        ]
        toc = f"**{contents_title}**\n\n" + "\n".join(entries)
        text = text.replace(TOC_MARKER, toc, 1)
    return text


def toc_headings(blocks: list[Block]) -> list[str]:
    """Texts of the level-2 headings, for the Word table of contents' cached result."""
    return [plain(b.runs) for b in blocks if isinstance(b, Heading) and b.level == 2]
