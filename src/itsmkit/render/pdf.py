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
import time
from collections.abc import Callable
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
_POLL = 0.2  # seconds between two looks at the files LibreOffice has written


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


def _run(
    command: list[str], folder: Path, total: int, progress: Callable[[int, int], None] | None
) -> tuple[int, str]:
    """Run LibreOffice in ``folder``: (exit code, what it said).

    ``progress`` is called with (PDF files written so far, ``total``) while it runs, from
    the files appearing in ``folder/out`` (LibreOffice converts them one after the other).
    """
    proc = subprocess.Popen(
        command,
        cwd=folder,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + _TIMEOUT
    if progress is not None:
        progress(0, total)
    while True:
        left = deadline - time.monotonic()
        try:
            said, _ = proc.communicate(timeout=min(left, _POLL) if progress else left)
            break
        except subprocess.TimeoutExpired:
            if time.monotonic() >= deadline:
                proc.kill()
                proc.communicate()
                raise
            if progress is not None:  # communicate() loses no output when called again
                progress(min(len(list((folder / "out").glob("*.pdf"))), total), total)
    if progress is not None:
        progress(total, total)
    return proc.returncode, said or ""


def convert(
    documents: list[tuple[str, bytes]], progress: Callable[[int, int], None] | None = None
) -> list[bytes]:
    """PDF bytes of each (file stem, Word bytes), in one LibreOffice run.

    ``progress`` is called with (files converted, files in all) while LibreOffice runs.
    """
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
            _, said = _run(command, folder, len(names), progress)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UsageError(
                f"LibreOffice could not convert to PDF: {exc}", hint=HOW_TO_GET
            ) from None
        out = []
        for name in names:
            pdf = folder / "out" / (name[: -len(".docx")] + ".pdf")
            if not pdf.is_file():
                detail = said.strip().splitlines()
                raise UsageError(
                    f"LibreOffice did not convert {name} to PDF"
                    + (f": {detail[-1]}" if detail else ""),
                    hint="Run the same command with --format docx and open the file in LibreOffice.",
                )
            out.append(_fixed(pdf.read_bytes()))
        return out


def convert_planned(
    planned: list[Planned], progress: Callable[[int, int], None] | None = None
) -> list[Planned]:
    """Turn the Word bytes of every planned PDF into PDF bytes (``progress``: see convert)."""
    todo = [p for p in planned if p.fmt == "pdf"]
    if not todo:
        return planned
    pdfs = iter(convert([(p.path.stem, p.data) for p in todo], progress))
    return [dataclasses.replace(p, data=next(pdfs)) if p.fmt == "pdf" else p for p in planned]
