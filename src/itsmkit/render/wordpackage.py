"""An Open Packaging Conventions package held as its zip members, and written back.

The Word writer starts from a package (the company's reference ``.docx``, or the base
package shipped in ``itsmkit/data/wordbase``), finds its parts by relationship type,
replaces some, adds headers, footers and pictures with their relationships and content
types, and zips the members in a fixed order with fixed timestamps so the same input
gives the same bytes.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Collection
from pathlib import Path

from itsmkit.errors import UsageError
from itsmkit.render.wordxml import R_NS, attr, get_attr

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
REL = R_NS
OFFICE_DOCUMENT = f"{REL}/officeDocument"
CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
APP = f"{REL}/extended-properties"
CONTENT_TYPES = "[Content_Types].xml"
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*>")
_RELS_END = "</Relationships>"
_EMPTY_RELS = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "</Relationships>"
)


def rels_name(part: str) -> str:
    """The member holding the relationships of ``part`` (``word/_rels/document.xml.rels``)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


class Package:
    """The members of a package by name (no leading slash), text parts decoded on demand."""

    def __init__(self, members: dict[str, bytes], source: str) -> None:
        self.members = members
        self.source = source
        self._text: dict[str, str] = {}
        self.changed: set[str] = set()
        main = self.related("", OFFICE_DOCUMENT)
        if main is None or main not in members:
            raise UsageError(
                f"{source} is not a Word document (it has no main document part)",
                hint="Save the reference document as .docx from Word or LibreOffice.",
            )
        self.main = main

    @classmethod
    def from_zip(cls, path: Path) -> Package:
        """The members of a ``.docx`` file."""
        try:
            with zipfile.ZipFile(path) as z:
                members = {i.filename: z.read(i) for i in z.infolist() if not i.is_dir()}
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise UsageError(
                f"{path}: cannot read this reference document ({exc})",
                hint="Save it again as .docx, or remove reference_docx from itsmkit.yaml.",
            ) from exc
        return cls(members, str(path))

    @classmethod
    def from_folder(cls, folder: Path) -> Package:
        """The members of an unzipped package."""
        members = {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "NOTICE"
        }
        return cls(members, str(folder))

    def copy(self) -> Package:
        """A package sharing the unchanged members (bytes are immutable)."""
        return Package(dict(self.members), self.source)

    def text(self, name: str) -> str:
        """A member decoded as UTF-8 ('' when missing)."""
        if name not in self._text:
            data = self.members.get(name, b"")
            self._text[name] = data.decode("utf-8-sig") if data else ""
        return self._text[name]

    def put(self, name: str, data: str | bytes) -> None:
        """Replace or add a member."""
        self.changed.add(name)
        if isinstance(data, str):
            self._text[name] = data
            data = data.encode("utf-8")
        else:
            self._text.pop(name, None)
        self.members[name] = data

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target member) of each internal relationship of ``part`` ('': the package)."""
        out = []
        for tag in _RELATIONSHIP.findall(self.text(rels_name(part) if part else "_rels/.rels")):
            if get_attr(tag, "TargetMode") == "External":
                continue
            rel_id, kind, target = (get_attr(tag, k) or "" for k in ("Id", "Type", "Target"))
            if target.startswith("/"):
                member = target[1:]
            else:
                member = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
            out.append((rel_id, kind, member))
        return out

    def related(self, part: str, kind: str) -> str | None:
        """The member the first relationship of ``kind`` from ``part`` leads to."""
        return next((m for _, k, m in self.relationships(part) if k == kind), None)

    def relate(self, part: str, kind: str, member: str) -> str:
        """Add a relationship from ``part`` ('': the package) to ``member``; its new id."""
        name = rels_name(part) if part else "_rels/.rels"
        xml = self.text(name) or _EMPTY_RELS
        used = set(re.findall(r'\bId="([^"]*)"', xml))
        rel_id = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        base = posixpath.dirname(part)
        target = posixpath.relpath(member, base) if part else member
        tag = f'<Relationship Id="{rel_id}" Type="{attr(kind)}" Target="{attr(target)}"/>'
        end = xml.rfind(_RELS_END)
        if end < 0:  # <Relationships .../>
            xml = re.sub(r"<Relationships\b([^>]*?)\s*/>", rf"<Relationships\1>{_RELS_END}", xml)
            end = xml.rfind(_RELS_END)
        self.put(name, xml[:end] + tag + xml[end:])
        return rel_id

    def next_name(self, pattern: str) -> str:
        """The first free member name of ``pattern`` (``word/header%d.xml``)."""
        n = 1
        while pattern % n in self.members:
            n += 1
        return pattern % n

    def declare(self, member: str, content_type: str) -> None:
        """Give ``member`` its content type (an Override)."""
        xml = self.text(CONTENT_TYPES)
        part = f"/{member}"
        if f'PartName="{part}"' in xml:
            return
        tag = f'<Override PartName="{attr(part)}" ContentType="{attr(content_type)}"/>'
        self.put(CONTENT_TYPES, xml.replace("</Types>", tag + "</Types>", 1))

    def declare_extension(self, ext: str, content_type: str) -> None:
        """Give every member ending in ``.ext`` a content type (a Default) if none has one."""
        xml = self.text(CONTENT_TYPES)
        if re.search(rf'Extension="{re.escape(ext)}"', xml, re.I):
            return
        tag = f'<Default Extension="{ext}" ContentType="{attr(content_type)}"/>'
        self.put(CONTENT_TYPES, xml.replace("</Types>", tag + "</Types>", 1))

    def to_bytes(self) -> bytes:
        """The package as deterministic zip bytes."""
        return zip_members(self.members, self.members.keys() - self.changed)


# Deflated members by content, kept for the process: a reference document's big parts
# (styles, stylesWithEffects, theme) are the same in every document rendered from it.
_DEFLATED: dict[bytes, tuple[int, bytes]] = {}
_DOS_DATE = (FIXED_ZIP_TIME[0] - 1980) << 9 | FIXED_ZIP_TIME[1] << 5 | FIXED_ZIP_TIME[2]
_DOS_TIME = FIXED_ZIP_TIME[3] << 11 | FIXED_ZIP_TIME[4] << 5 | FIXED_ZIP_TIME[5] // 2


def _deflate(data: bytes, keep: bool) -> tuple[int, bytes]:
    found = _DEFLATED.get(data) if keep else None
    if found is None:
        # What zipfile writes for ZIP_DEFLATED: raw deflate at the default level.
        packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        found = zlib.crc32(data), packer.compress(data) + packer.flush()
        if keep:
            _DEFLATED[data] = found
    return found


def zip_members(members: dict[str, bytes], keep: Collection[str] = ()) -> bytes:
    """Members zipped in a fixed order (content types first), with fixed times and modes.

    The bytes are those ``zipfile`` writes for entries with these dates, deflated, made
    on MS-DOS with mode 0644; written here so that the compressed data of the members
    named in ``keep`` (the parts every document takes unchanged from its package) is
    reused from one document to the next.
    """
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name in sorted(members, key=lambda n: (n != CONTENT_TYPES, n)):
        data = members[name]
        crc, packed = _deflate(data, name in keep)
        encoded = name.encode("ascii", "ignore")
        flags = 0
        if encoded.decode("ascii") != name:
            encoded, flags = name.encode("utf-8"), 0x800
        fields = (20, flags, 8, _DOS_TIME, _DOS_DATE, crc, len(packed), len(data), len(encoded))
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, 0) + encoded
        local += (header, packed)
        central.append(
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0o644 << 16, offset)
            + encoded
        )
        offset += len(header) + len(packed)
    directory = b"".join(central)
    count = len(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(local) + directory + end
