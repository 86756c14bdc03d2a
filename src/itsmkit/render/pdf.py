"""PDF through LibreOffice: the Word deliverable converted as it would print.

``soffice --headless --convert-to pdf`` converts every planned file in one run (one
start of LibreOffice, a few seconds). The dates and the document id LibreOffice stamps
into the file are replaced by fixed ones of the same length, so the same input gives
the same bytes and ``render`` can tell an unchanged file.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from itsmkit.errors import UsageError
from itsmkit.render.output import Planned

HOW_TO_GET = (
    "PDF needs LibreOffice. Install it (Debian/Ubuntu: `apt-get install libreoffice-writer-nogui`; "
    "macOS: `brew install --cask libreoffice`; Windows: libreoffice.org), make sure `soffice` "
    "is on the PATH (or set ITSMKIT_SOFFICE to its path), or ask for --format docx and print "
    "the Word file."
)
_DATE = re.compile(rb"D:\d{14}([+-]\d{2}'\d{2}'?|Z)?")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]+)")
_TIMEOUT = 300


def soffice() -> str | None:
    """The LibreOffice program, if installed."""
    configured = os.environ.get("ITSMKIT_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The LibreOffice program, or a usage error saying how to get it (exit 2)."""
    program = soffice()
    if program is None:
        raise UsageError("LibreOffice (soffice) is not installed", hint=HOW_TO_GET)
    return program


def _fixed(data: bytes) -> bytes:
    """Same-length replacement of LibreOffice's time stamps, file id and checksum.

    The xref offsets stay valid because every replacement keeps the length.
    """

    def date(match: re.Match[bytes]) -> bytes:
        zone = match.group(1) or b""
        return b"D:20000101000000" + re.sub(rb"\d", b"0", zone)

    def ident(match: re.Match[bytes]) -> bytes:
        a, b = match.group(1), match.group(2)
        return match.group(0).replace(a, b"0" * len(a)).replace(b, b"0" * len(b))

    def checksum(match: re.Match[bytes]) -> bytes:
        return b"/DocChecksum /" + b"0" * len(match.group(1))

    return _CHECKSUM.sub(checksum, _ID.sub(ident, _DATE.sub(date, data)))


def convert(documents: list[tuple[str, bytes]]) -> list[bytes]:
    """PDF bytes of each (file stem, Word bytes), in one LibreOffice run."""
    if not documents:
        return []
    program = require_soffice()
    with tempfile.TemporaryDirectory(prefix="itsmkit-pdf-") as tmp:
        folder = Path(tmp)
        names = []
        for n, (stem, data) in enumerate(documents):
            name = f"{n:04d}-{re.sub(r'[^A-Za-z0-9._-]', '_', stem)}.docx"
            (folder / name).write_bytes(data)
            names.append(name)
        profile = (folder / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "out"),
            *names,
        ]
        try:
            done = subprocess.run(
                command, cwd=folder, capture_output=True, text=True, timeout=_TIMEOUT, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UsageError(
                f"LibreOffice could not convert to PDF: {exc}", hint=HOW_TO_GET
            ) from None
        out = []
        for name in names:
            pdf = folder / "out" / (name[: -len(".docx")] + ".pdf")
            if not pdf.is_file():
                detail = (done.stderr or done.stdout).strip().splitlines()
                raise UsageError(
                    f"LibreOffice did not convert {name} to PDF"
                    + (f": {detail[-1]}" if detail else ""),
                    hint="Run the same command with --format docx and open the file in LibreOffice.",
                )
            out.append(_fixed(pdf.read_bytes()))
        return out


def convert_planned(planned: list[Planned]) -> list[Planned]:
    """Turn the Word bytes of every planned PDF into PDF bytes."""
    todo = [p for p in planned if p.fmt == "pdf"]
    if not todo:
        return planned
    pdfs = iter(convert([(p.path.stem, p.data) for p in todo]))
    return [dataclasses.replace(p, data=next(pdfs)) if p.fmt == "pdf" else p for p in planned]
