"""The mock audit report as a Word document, through the render pipeline.

The DOCX is built from the same Markdown as ``--format md`` (one source), so headings
carry Word heading styles and tables are real tables.
"""

from __future__ import annotations

from itsmkit.audit.engine import AuditResult
from itsmkit.audit.printers import to_markdown


def to_docx(result: AuditResult, custom_labels: dict[str, str] | None = None) -> bytes:
    """The report as the bytes of a Word document (the caller writes them)."""
    from itsmkit.render.docx_writer import DocMeta
    from itsmkit.render.docx_writer import write_docx as blocks_to_docx
    from itsmkit.render.markdown import parse

    blocks = parse(to_markdown(result, custom_labels))
    meta = DocMeta(
        organisation=result.organisation,
        doc_id=f"AUD-MOCK-{result.as_of.strftime('%Y%m%d')}",
        title="Mock audit report",
        subject=result.standard,
        lang="en",
        draft=False,
        date=result.as_of,
    )
    return blocks_to_docx(blocks, meta)
