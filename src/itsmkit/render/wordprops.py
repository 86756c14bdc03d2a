"""The document properties of a Word deliverable (``docProps/core.xml`` and ``app.xml``).

Title, subject, author, identifier, version, language and keywords, with revision 1 and
the dates of the document (or a fixed date), so that the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt

from itsmkit.render.wordxml import esc

FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
"""The properties' date of a document that has none (the same bytes every time)."""


def stamp(day: dt.date | None) -> dt.datetime:
    """The properties' date of a document dated ``day`` (midnight UTC), else FIXED_DATE."""
    if day is None:
        return FIXED_DATE
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


_HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_CORE_NS = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)
CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"


def core_xml(
    *,
    title: str,
    subject: str,
    author: str,
    identifier: str,
    version: str,
    language: str,
    when: dt.datetime,
) -> str:
    """The core properties part."""
    stamp = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    date = f'xsi:type="dcterms:W3CDTF">{stamp}'
    return (
        f"{_HEAD}<cp:coreProperties {_CORE_NS}>"
        f"<dc:title>{esc(title)}</dc:title>"
        f"<dc:subject>{esc(subject)}</dc:subject>"
        f"<dc:creator>{esc(author)}</dc:creator>"
        "<cp:keywords>itsmkit</cp:keywords>"
        "<dc:description></dc:description>"
        f"<cp:lastModifiedBy>{esc(author)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f"<dcterms:created {date}</dcterms:created>"
        f"<dcterms:modified {date}</dcterms:modified>"
        f"<dc:identifier>{esc(identifier)}</dc:identifier>"
        f"<cp:version>{esc(version)}</cp:version>"
        f"<dc:language>{esc(language)}</dc:language>"
        f"<cp:lastPrinted>{stamp}</cp:lastPrinted>"
        "</cp:coreProperties>"
    )


def app_xml() -> str:
    """The extended properties part of a document made from the base package."""
    return (
        f"{_HEAD}<Properties "
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>itsmkit</Application><DocSecurity>0</DocSecurity>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    )
