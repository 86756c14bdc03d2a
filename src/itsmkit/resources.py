"""Locate files shipped with itsmkit: top-level ``templates/`` and ``schemas/``.

In a wheel they are copied to ``itsmkit/_shipped/`` (see pyproject's force-include);
in a source checkout or editable install they are read from the repository's top level.
Data that only the library reads (catalogs, scaffold starters) lives in
``itsmkit/data/`` inside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """The folder ``templates`` or ``schemas`` as installed with this copy of itsmkit."""
    installed = _PACKAGE / "_shipped" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"itsmkit is installed without its {name}/ folder")


def data_dir(*parts: str) -> Path:
    """A folder under ``itsmkit/data``."""
    return _PACKAGE.joinpath("data", *parts)
