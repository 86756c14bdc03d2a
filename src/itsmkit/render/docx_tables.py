"""Word tables that read well on paper: widths from content, rows that stay whole.

Every table is written as WordprocessingML directly (faster than python-docx's cell
API, and every property is explicit so Word and LibreOffice agree): a fixed layout with
``w:tblGrid``/``w:gridCol`` and ``w:tcW`` widths computed from the text of each column,
rows that do not split across pages (``w:cantSplit``), a header row repeated on each
page (``w:tblHeader``), and borders that do not depend on the document's styles. A
signature table is kept on one page and gives each party room to sign by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from itsmkit.render.markdown import Run, Table, plain
from itsmkit.render.wordxml import attr, esc

CHAR_TWIPS = 125
"""Width of one character of bold 11 pt text in a wide face (DejaVu, Calibri is narrower), in twips."""
CELL_PADDING = 2 * 115
"""Left and right cell margins, in twips."""
SIGNATURE_HEIGHT = 1900
"""Height of the row where each party signs by hand, in twips (about 3.4 cm)."""
_MAX_DESIRED = 60
_KEEP_WHOLE = 14
_HEADER_FILL = "DCE6F1"


def column_widths(table: Table, total: int) -> list[int]:
    """Widths in twips that sum to ``total``, from the text of each column.

    A column never gets less than its longest word needs (so "Disponibilité" is not
    broken inside the word) while there is room; the rest of the page goes to the
    columns with the most text.
    """
    cols = len(table.header)
    if cols == 0:
        return []
    texts: list[list[str]] = [[plain(c) for c in table.header]]
    texts += [[plain(c) for c in row] for row in table.rows]
    minimum = [CELL_PADDING + CHAR_TWIPS * 3] * cols
    desired = [0] * cols
    for row in texts:
        for c, text in enumerate(row[:cols]):
            words = text.split()
            longest = max((len(w) for w in words), default=0)
            if len(text) <= _KEEP_WHOLE:
                longest = len(text)  # a short value ("27/27 (100 %)") stays on one line
            minimum[c] = max(minimum[c], CELL_PADDING + CHAR_TWIPS * (longest + 1))
            desired[c] = max(desired[c], min(len(text), _MAX_DESIRED))
    wanted = [
        max(m, CELL_PADDING + CHAR_TWIPS * (d + 1)) for m, d in zip(minimum, desired, strict=True)
    ]
    if table.signatures and cols > 1:
        first = min(wanted[0], total // 4)
        rest = (total - first) // (cols - 1)
        return [total - rest * (cols - 1)] + [rest] * (cols - 1)
    if sum(wanted) <= total:
        widths = _scale(wanted, total)
    elif sum(minimum) >= total:
        widths = _scale(minimum, total)
    else:
        spare = total - sum(minimum)
        extra = [w - m for w, m in zip(wanted, minimum, strict=True)]
        widths = [m + spare * e // sum(extra) for m, e in zip(minimum, extra, strict=True)]
    widths[-1] += total - sum(widths)
    return widths


def _scale(values: Sequence[int], total: int) -> list[int]:
    whole = sum(values)
    return [v * total // whole for v in values]


def _runs_xml(runs: list[Run], bold: bool = False) -> str:
    out = []
    for run in runs:
        props = ("<w:b/>" if bold or run.bold else "") + ("<w:i/>" if run.italic else "")
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{esc(run.text)}</w:t></w:r>')
    return "".join(out)


def _cell(runs: list[Run], width: int, *, header: bool, keep: bool, bold: bool = False) -> str:
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{_HEADER_FILL}"/>' if header else ""
    ppr = ("<w:keepNext/>" if keep else "") + '<w:spacing w:before="40" w:after="40"/>'
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
        f"<w:p><w:pPr>{ppr}</w:pPr>{_runs_xml(runs, header or bold)}</w:p></w:tc>"
    )


_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def table_xml(table: Table, widths: list[int], style_id: str | None) -> str:
    """The ``w:tbl`` element of a table as XML text (inside a body that declares ``w:``)."""
    style = f'<w:tblStyle w:val="{attr(style_id)}"/>' if style_id else ""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = []
    keep_all = table.signatures
    header_cells = "".join(
        _cell(runs, w, header=True, keep=True) for runs, w in zip(table.header, widths, strict=True)
    )
    rows.append(f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header_cells}</w:tr>")
    last = len(table.rows) - 1
    for n, row in enumerate(table.rows):
        keep = keep_all and n < last
        height = ""
        if table.signatures and n == last:
            height = f'<w:trHeight w:val="{SIGNATURE_HEIGHT}" w:hRule="atLeast"/>'
        cells = "".join(
            _cell(runs, w, header=False, keep=keep, bold=c == 0 and table.signatures)
            for c, (runs, w) in enumerate(zip(row, widths, strict=True))
        )
        rows.append(f"<w:tr><w:trPr><w:cantSplit/>{height}</w:trPr>{cells}</w:tr>")
    return (
        f'<w:tbl><w:tblPr>{style}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f"<w:tblBorders>{_BORDERS}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )
