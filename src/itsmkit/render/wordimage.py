"""Pictures in a Word document: the size of a PNG or JPEG, and the inline drawing.

The pixel size comes from the PNG ``IHDR`` chunk or the JPEG ``SOFn`` marker, the
resolution from the PNG ``pHYs`` chunk, the JPEG JFIF ``APP0`` density or its Exif
``APP1`` resolution, 72 dpi when the file says nothing (what python-docx does, so a logo
keeps the size it had).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from itsmkit.render.wordxml import R_NS, attr

EMU_PER_INCH = 914400
EMU_PER_TWIP = 635


class ImageError(ValueError):
    """The file is not a PNG or JPEG image this writer can read."""


@dataclass(frozen=True, slots=True)
class Image:
    """What a document needs to know of a picture."""

    ext: str
    content_type: str
    px_width: int
    px_height: int
    dpi_x: int
    dpi_y: int

    def size(self, width_emu: int) -> tuple[int, int]:
        """Width and height in EMU at ``width_emu`` wide, keeping the aspect ratio."""
        native_w = int(self.px_width / self.dpi_x * EMU_PER_INCH)
        native_h = int(self.px_height / self.dpi_y * EMU_PER_INCH)
        return width_emu, round(native_h * (width_emu / native_w))


def read_image(data: bytes) -> Image:
    """The kind, pixel size and resolution of a PNG or JPEG file."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    raise ImageError("not a PNG or JPEG file")


def _png(data: bytes) -> Image:
    pos = 8
    width = height = 0
    dpi = (72, 72)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR" and len(body) >= 8:
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"pHYs" and len(body) >= 9:
            x, y, unit = struct.unpack(">IIB", body[:9])
            if unit == 1:  # pixels per metre
                dpi = (round(x * 0.0254), round(y * 0.0254))
        elif kind in (b"IDAT", b"IEND"):
            break
        pos += 12 + length
    if not width or not height:
        raise ImageError("PNG file without an IHDR size")
    return Image("png", "image/png", width, height, dpi[0] or 72, dpi[1] or 72)


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg(data: bytes) -> Image:
    pos = 2
    width = height = 0
    jfif: tuple[int, int] | None = None
    exif: tuple[int, int] | None = None
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            pos += 1
            continue
        marker = data[pos + 1]
        if marker == 0xFF or 0xD0 <= marker <= 0xD8 or marker == 0x01:
            pos += 1 if marker == 0xFF else 2
            continue
        if marker == 0xD9 or marker == 0xDA:  # end of image, start of scan
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        segment = data[pos + 4 : pos + 2 + length]
        if marker in _SOF and len(segment) >= 5:
            height, width = struct.unpack(">HH", segment[1:5])
        elif marker == 0xE0 and segment.startswith(b"JFIF\x00") and len(segment) >= 12:
            unit = segment[7]
            x, y = struct.unpack(">HH", segment[8:12])
            jfif = _dpi(unit, x, y, inch=1, cm=2)
        elif marker == 0xE1 and segment.startswith(b"Exif\x00\x00"):
            exif = _exif_dpi(segment[6:])
        pos += 2 + length
    if not width or not height:
        raise ImageError("JPEG file without a frame size")
    # python-docx reads the Exif resolution of an Exif file, the JFIF density otherwise.
    dpi = exif if exif is not None else jfif or (72, 72)
    return Image("jpg", "image/jpeg", width, height, dpi[0] or 72, dpi[1] or 72)


def _dpi(unit: int, x: float, y: float, *, inch: int, cm: int) -> tuple[int, int]:
    if unit == inch:
        return round(x), round(y)
    if unit == cm:
        return round(x * 2.54), round(y * 2.54)
    return 72, 72


def _exif_dpi(tiff: bytes) -> tuple[int, int]:
    """The resolution in the first IFD of the TIFF structure of an Exif segment."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return 72, 72
    try:
        (offset,) = struct.unpack(order + "I", tiff[4:8])
        (count,) = struct.unpack(order + "H", tiff[offset : offset + 2])
        values: dict[int, float] = {}
        for n in range(count):
            entry = tiff[offset + 2 + 12 * n : offset + 14 + 12 * n]
            tag, kind, _, value = struct.unpack(order + "HHI4s", entry)
            if tag in (0x011A, 0x011B) and kind == 5:  # X/YResolution, RATIONAL
                (at,) = struct.unpack(order + "I", value)
                num, den = struct.unpack(order + "II", tiff[at : at + 8])
                values[tag] = num / den if den else 72
            elif tag == 0x0128 and kind == 3:  # ResolutionUnit, SHORT
                values[tag] = struct.unpack(order + "H", value[:2])[0]
    except struct.error:
        return 72, 72
    if 0x011A not in values:
        return 72, 72
    x, y = values[0x011A], values.get(0x011B, values[0x011A])
    return _dpi(int(values.get(0x0128, 2)), x, y, inch=2, cm=3)


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def inline_picture(rel_id: str, shape_id: int, name: str, cx: int, cy: int) -> str:
    """The ``w:drawing`` of a picture in the line of text, as python-docx writes it."""
    return (
        f'<w:drawing><wp:inline xmlns:wp="{_WP}" xmlns:a="{_A}" xmlns:pic="{_PIC}" '
        f'xmlns:r="{R_NS}"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{shape_id}" name="Picture {shape_id}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
        f'</wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="{_PIC}">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="{attr(name)}"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/>'
        '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"
    )
