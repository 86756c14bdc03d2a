"""The mock audit report as a Word document, through the render pipeline.

The DOCX is built from the same Markdown as ``--format md`` (one source), so headings
carry Word heading styles and tables are real tables; it opens on a cover page and
takes the page size of ``itsmkit.yaml``.
"""

from __future__ import annotations

from itsmkit.audit.engine import AuditResult


def docx_bytes(
    result: AuditResult,
    custom_labels: dict[str, str] | None = None,
    lang: str = "en",
    page_size: str = "a4",
) -> bytes:
    """The Word bytes of the report in ``lang``."""
    from itsmkit.audit.report_doc import cover_rows, report_id, report_title, to_markdown
    from itsmkit.render.docx_page import CoverInfo
    from itsmkit.render.docx_writer import DocMeta
    from itsmkit.render.docx_writer import write_docx as blocks_to_docx
    from itsmkit.render.labels import label
    from itsmkit.render.markdown import parse

    blocks = parse(to_markdown(result, custom_labels, lang))
    title = report_title(result, lang)
    doc_id = report_id(result)
    meta = DocMeta(
        organisation=result.organisation,
        doc_id=doc_id,
        title=title,
        subject=result.standard,
        lang=lang,
        draft=False,
        date=result.as_of,
        page_size=page_size,
        cover=CoverInfo(
            organisation=result.organisation,
            title=title,
            kind_title=label("mock", lang).capitalize(),
            lang=lang,
            doc_id=doc_id,
            rows=cover_rows(result, lang),
        ),
    )
    return blocks_to_docx(blocks, meta)


def pdf_bytes(
    result: AuditResult,
    custom_labels: dict[str, str] | None = None,
    lang: str = "en",
    page_size: str = "a4",
) -> bytes:
    """The report as PDF bytes (Word converted by LibreOffice)."""
    from itsmkit.render.pdf import convert

    [pdf] = convert([(f"audit-{lang}", docx_bytes(result, custom_labels, lang, page_size))])
    return pdf
