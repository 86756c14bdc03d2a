"""The running header and footer of a Word deliverable.

Header: the organisation in bold, a tab, the document id and version, against a right
tab stop at the text width (the inherited 4680/9360 stops of Word's Header style are
cleared: they assume Letter paper); then the draft mark in red. Footer: the same line
with "Page N of M" (``PAGE``/``NUMPAGES`` fields). A company letterhead (a reference
document's header holding text or a table) is kept, with the draft mark added under it.
"""

from __future__ import annotations

import re

from itsmkit.render.wordml import PPR_ORDER, field, paragraph, ppr, right_tab_stops, run
from itsmkit.render.wordxml import R_NS, W_NS, children, find, get_attr, insert_child, text_of


def new_part(kind: str) -> str:
    """An empty header (``hdr``) or footer (``ftr``) part, as python-docx starts one."""
    style = "Header" if kind == "hdr" else "Footer"
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:{kind} xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p></w:{kind}>'
    )


def is_empty(xml: str, kind: str) -> bool:
    """No text in its paragraphs and no table (then it is no letterhead)."""
    root = find(xml, f"w:{kind}")
    if root is None:
        return True
    for child in children(xml, root):
        if child.name == "w:tbl":
            return False
        if child.name == "w:p" and text_of(xml[child.start : child.end]).strip():
            return False
    return True


def _tabs_into(p: str, stops: list[tuple[str, int]]) -> str:
    """A paragraph with these tab stops merged into its own, in position order."""
    span = find(p, "w:p")
    assert span is not None
    pr = find(p, "w:pPr", span.inner_start, span.end)
    if pr is None:
        at = span.inner_start if not span.empty else -1
        props = ppr(tabs=stops)
        if at < 0:
            return f"<w:p>{props}</w:p>"
        return p[:at] + props + p[at:]
    tabs = find(p, "w:tabs", pr.inner_start, pr.end)
    existing: list[tuple[str, int]] = []
    if tabs is not None:
        for tag in re.findall(r"<w:tab\b[^>]*>", p[tabs.start : tabs.end]):
            pos = get_attr(tag, "w:pos") or "0"
            number = int(pos) if re.fullmatch(r"-?\d+", pos) else 0
            existing.append((get_attr(tag, "w:val") or "left", number))
    merged = sorted([*existing, *stops], key=lambda t: t[1])
    xml = "<w:tabs>" + "".join(f'<w:tab w:val="{k}" w:pos="{v}"/>' for k, v in merged) + "</w:tabs>"
    return insert_child(p, pr, xml, "w:tabs", PPR_ORDER)


def _append_to_first(xml: str, kind: str, runs: str, stops: list[tuple[str, int]]) -> str:
    """Runs and tab stops added to the first paragraph of the part (one made if none)."""
    root = find(xml, f"w:{kind}")
    assert root is not None
    first = next((c for c in children(xml, root) if c.name == "w:p"), None)
    if first is None:
        return xml[: root.inner_end] + paragraph(runs, ppr(tabs=stops)) + xml[root.inner_end :]
    p = _tabs_into(xml[first.start : first.end], stops)
    if p.endswith("/>"):
        p = p[:-2].rstrip() + "></w:p>"
    p = p[: -len("</w:p>")] + runs + "</w:p>"
    return xml[: first.start] + p + xml[first.end :]


def _append(xml: str, kind: str, content: str) -> str:
    root = find(xml, f"w:{kind}")
    assert root is not None
    if root.empty:
        return xml[: root.start] + root.start_tag[:-2].rstrip() + f">{content}</w:{kind}>"
    return xml[: root.inner_end] + content + xml[root.inner_end :]


def header(xml: str, *, organisation: str, line: str, draft: str | None, width: int) -> str:
    """The header part: ours in an empty one, a letterhead kept; then the draft mark."""
    if is_empty(xml, "hdr"):
        runs = run(organisation, bold=True) + run(f"\t{line}")
        xml = _append_to_first(xml, "hdr", runs, right_tab_stops(width))
    if draft is not None:
        xml = _append(xml, "hdr", paragraph(run(draft, bold=True, color="C00000")))
    return xml


def footer(xml: str, *, line: str, page: str, of: str, width: int) -> str:
    """The footer part: "<line>  Page N of M", in the first paragraph of an empty one."""
    runs = run(f"{line}\t{page} ") + field("PAGE") + run(f" {of} ") + field("NUMPAGES")
    stops = right_tab_stops(width)
    if is_empty(xml, "ftr"):
        return _append_to_first(xml, "ftr", runs, stops)
    return _append(xml, "ftr", paragraph(runs, ppr(tabs=stops)))
