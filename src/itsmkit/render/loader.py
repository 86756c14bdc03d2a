"""A Jinja loader that reads templates only from inside one folder.

A company's ``templates/`` folder is untrusted: a template (or a symbolic link named like
one) must not bring a file from elsewhere into a deliverable, such as ``/etc/passwd`` or
``/proc/self/environ``. Every name is resolved with its links and refused when the file
it reaches is outside the folder or is not a regular file (a FIFO would block the
render forever). Jinja's own check already refuses ``..`` segments in names.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.loaders import split_template_path

from itsmkit.errors import TemplateRefusedError


class ConfinedLoader(BaseLoader):
    """Load ``name`` from ``folder`` only, links resolved and kept inside it."""

    def __init__(self, folder: str, *, within: str, label: str = "templates") -> None:
        self.folder = os.path.realpath(folder)
        self.within = os.path.realpath(within)
        self._root = Path(self.folder)
        self.label = label

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """Return the template's text, its real file name and an up-to-date check."""
        pieces = split_template_path(template)  # raises TemplateNotFound on '..'
        if not _inside(self.folder, self.within):
            raise TemplateRefusedError(
                template=self.label,
                target=self.folder,
                reason="the folder is a link leading outside the repository",
            )
        path = self._root.joinpath(*pieces)
        if not (path.is_symlink() or path.exists()):
            raise TemplateNotFound(template)
        real = os.path.realpath(path)
        shown = f"{self.label}/{'/'.join(pieces)}"
        if not _inside(real, self.folder):
            raise TemplateRefusedError(
                template=shown, target=real, reason="a link leading outside the folder"
            )
        try:
            # O_NONBLOCK: opening a FIFO must not wait for a writer.
            fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK)
        except FileNotFoundError:
            raise TemplateNotFound(template) from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise TemplateNotFound(template)
            if not stat.S_ISREG(info.st_mode):
                raise TemplateRefusedError(template=shown, target=real, reason="not a regular file")
            data = handle.read()
        mtime = info.st_mtime

        def uptodate() -> bool:
            try:
                return Path(real).stat().st_mtime == mtime
            except OSError:
                return False

        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TemplateRefusedError(
                template=shown, target=real, reason=f"not UTF-8 text (byte {exc.start})"
            ) from None
        return text, real, uptodate


def _inside(real: str, folder: str) -> bool:
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)
