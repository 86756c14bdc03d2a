"""Clause and item titles in the reader's language (``fr`` or ``en``), from the catalogs."""

from __future__ import annotations

from itsmkit.frameworks.catalog import catalog, has_catalog


def clause_title(framework: str, ident: str, lang: str, default: str | None = None) -> str:
    """Title of item ``ident`` of ``framework`` for a reader of ``lang``.

    The catalogs are the one home of clause titles (each with its stated source), read
    by ``itsmkit trace`` and the audit's reports alike: the catalog's title in ``lang``
    (French when it has one, else English). Unknown framework or item: ``default``,
    else the id itself.
    """
    item = catalog(framework).get(ident) if has_catalog(framework) else None
    if item is None:
        return default if default is not None else ident
    return item.title_in(lang) or (default if default is not None else ident)


def has_title(framework: str, ident: str, lang: str) -> bool:
    """Whether the catalog of ``framework`` titles item ``ident`` in ``lang``."""
    item = catalog(framework).get(ident) if has_catalog(framework) else None
    return item is not None and bool(item.fr if lang == "fr" else item.en)
