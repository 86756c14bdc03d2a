"""A Word package put together: the body in the main part, and the parts around it.

From the package a document starts from (see :mod:`itsmkit.render.wordpackage`): the
logo as a media part, the numbering with the restarted lists, the language in the
styles, ``w:updateFields`` in the settings, the section's page setup, header and
footer, and the core and app properties; then the deterministic zip bytes.
"""

from __future__ import annotations

import datetime as dt

from itsmkit.errors import UsageError
from itsmkit.render.docx_page import PAGE_SIZES, CoverInfo, PageSize
from itsmkit.render.wordheader import footer, header, new_part
from itsmkit.render.wordimage import EMU_PER_TWIP, ImageError, inline_picture, read_image
from itsmkit.render.wordpackage import APP, CORE, REL, Package
from itsmkit.render.wordparts import (
    Numbering,
    add_reference,
    reference_of,
    section,
    set_language,
    update_fields,
    uses_w_prefix,
)
from itsmkit.render.wordprops import APP_TYPE, CORE_TYPE, app_xml, core_xml
from itsmkit.render.wordxml import R_NS, W_NS, children, find

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_SETTINGS = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    f'<w:settings xmlns:w="{W_NS}"></w:settings>'
)


class Assembly:
    """The package of one document while it is written."""

    def __init__(self, package: Package, style_ids: dict[str, str]) -> None:
        self.package = package
        main = package.main
        self.styles = package.related(main, f"{REL}/styles")
        numbering = package.related(main, f"{REL}/numbering")
        self.numbering_part = numbering
        self.numbering = Numbering(
            self._editable(numbering),
            self._editable(self.styles),
            style_ids.get("List Number"),
        )

    def _editable(self, member: str | None) -> str:
        """A part's text, refused when it does not write WordprocessingML as ``w:``."""
        if member is None:
            return ""
        xml = self.package.text(member)
        if xml and not uses_w_prefix(xml):
            raise UsageError(
                f"{self.package.source}: {member} does not write WordprocessingML with the "
                "usual w: prefix, which itsmkit needs to edit it",
                hint="Open the reference document in Word or LibreOffice and save it again "
                "as .docx, or remove reference_docx from itsmkit.yaml.",
            )
        return xml

    def logo(self, cover: CoverInfo, page_size: str) -> str | None:
        """The ``w:drawing`` of the cover's logo, its picture added to the package."""
        if cover.logo is None:
            return None
        data = cover.logo.read_bytes()
        try:
            image = read_image(data)
        except ImageError as exc:
            raise UsageError(
                f"logo {cover.logo}: {exc}",
                hint="Use a PNG or JPEG image, or remove logo from itsmkit.yaml.",
            ) from exc
        member = self.package.next_name(f"word/media/image%d.{image.ext}")
        self.package.put(member, data)
        self.package.declare_extension(image.ext, image.content_type)
        rel_id = self.package.relate(self.package.main, f"{REL}/image", member)
        width = min(2700, PAGE_SIZES[page_size].text_width // 3) * EMU_PER_TWIP
        cx, cy = image.size(width)
        return inline_picture(rel_id, 1, cover.logo.name, cx, cy)

    def _story(self, sect: str, kind: str) -> tuple[str, str]:
        """The default header (``kind``: header, footer) of the section, made if missing."""
        package, main = self.package, self.package.main
        rel_id = reference_of(sect, kind)
        member = next((m for i, _, m in package.relationships(main) if i == rel_id), None)
        if rel_id is None or member is None or member not in package.members:
            member = package.next_name(f"word/{kind}%d.xml")
            package.put(member, new_part("hdr" if kind == "header" else "ftr"))
            package.declare(member, f"{_WML}.{kind}+xml")
            sect = add_reference(sect, kind, package.relate(main, f"{REL}/{kind}", member))
        self._editable(member)
        return sect, member

    def finish(
        self,
        body: str,
        *,
        size: PageSize,
        cover: bool,
        language: str,
        organisation: str,
        doc_id: str,
        line: str,
        footer_line: str,
        draft: str | None,
        page: str,
        of: str,
        title: str,
        subject: str,
        version: str,
        when: dt.datetime,
    ) -> bytes:
        """The document's bytes, with ``body`` (paragraphs and tables) as its content."""
        package = self.package
        document = self._editable(package.main)
        root = find(document, "w:document")
        body_span = root and find(document, "w:body", root.inner_start, root.end)
        if root is None or body_span is None:
            raise UsageError(
                f"{package.source}: {package.main} has no w:document/w:body",
                hint="Open the reference document in Word or LibreOffice and save it again.",
            )
        sect = next(
            (
                document[c.start : c.end]
                for c in reversed(children(document, body_span))
                if c.name == "w:sectPr"
            ),
            "",
        )
        sect = section(sect, size, title_page=cover)
        sect, head = self._story(sect, "header")
        sect, foot = self._story(sect, "footer")
        width = size.text_width
        package.put(
            head,
            header(
                package.text(head), organisation=organisation, line=line, draft=draft, width=width
            ),
        )
        package.put(
            foot, footer(package.text(foot), line=footer_line, page=page, of=of, width=width)
        )
        start_tag = root.start_tag
        if "xmlns:r=" not in start_tag:
            start_tag = start_tag[:-1] + f' xmlns:r="{R_NS}">'
        package.put(
            package.main,
            document[: root.start]
            + start_tag
            + document[root.start + len(root.start_tag) : body_span.start]
            + f"<w:body>{body}{sect}</w:body>"
            + document[body_span.end :],
        )
        if self.styles is not None:
            package.put(self.styles, set_language(self._editable(self.styles), language))
        self._settings()
        if self.numbering_part is not None and self.numbering.added:
            package.put(self.numbering_part, self.numbering.result())
        self._properties(
            core_xml(
                title=title,
                subject=subject,
                author=organisation,
                identifier=doc_id,
                version=version,
                language=language,
                when=when,
            )
        )
        return package.to_bytes()

    def _settings(self) -> None:
        package = self.package
        member = package.related(package.main, f"{REL}/settings")
        if member is None:
            member = "word/settings.xml"
            package.put(member, _SETTINGS)
            package.declare(member, f"{_WML}.settings+xml")
            package.relate(package.main, f"{REL}/settings", member)
        package.put(member, update_fields(self._editable(member)))

    def _properties(self, core: str) -> None:
        package = self.package
        member = package.related("", CORE)
        if member is None:
            member = "docProps/core.xml"
            package.relate("", CORE, member)
        package.put(member, core)
        package.declare(member, CORE_TYPE)
        if package.related("", APP) is None:
            package.put("docProps/app.xml", app_xml())
            package.relate("", APP, "docProps/app.xml")
            package.declare("docProps/app.xml", APP_TYPE)
