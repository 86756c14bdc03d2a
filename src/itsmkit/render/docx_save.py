"""Save a python-docx document (a company's docxtpl template) as deterministic bytes.

Only the docxtpl path uses python-docx; the built-in writer writes its parts itself
(:mod:`itsmkit.render.docx_writer`). Both zip their members the same way
(:func:`itsmkit.render.wordpackage.zip_members`).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from itsmkit.render.wordpackage import zip_members


def save_deterministic(doc: Any) -> bytes:
    """Save a python-docx (or docxtpl) document as deterministic bytes.

    The parts are serialised as python-docx's own writer does, then zipped once in the
    normalised order (the same bytes as saving and rewriting the saved zip, without
    compressing everything twice); any surprise from python-docx falls back to that.
    """
    members = _members(doc)
    if members is None:
        buffer = io.BytesIO()
        doc.save(buffer)
        return normalise_zip(buffer.getvalue())
    return zip_members(members)


class _Collector:
    """Stands in for python-docx's zip writer: keeps each member's bytes."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.members[pack_uri.membername] = blob


def _members(doc: Any) -> dict[str, bytes] | None:
    try:
        from docx.opc.pkgwriter import PackageWriter

        writer: Any = PackageWriter  # its helpers are untyped; python-docx pinned in the lock
        package = doc.part.package
        parts = list(package.parts)
        for part in parts:
            part.before_marshal()
        out = _Collector()
        writer._write_content_types_stream(out, parts)
        writer._write_pkg_rels(out, package.rels)
        writer._write_parts(out, parts)
    except AttributeError:  # another python-docx: save it the documented way
        return None
    return out.members


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a package with sorted entries and fixed timestamps and attributes."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        return zip_members({name: zin.read(name) for name in zin.namelist()})
