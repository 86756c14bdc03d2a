"""Clause and item titles in the reader's language (``fr`` or ``en``), from the catalogs."""

from __future__ import annotations

from itsmkit.frameworks.catalog import catalog, has_catalog


def clause_title(framework: str, ident: str, lang: str, default: str | None = None) -> str:
    """Title of item ``ident`` of ``framework`` for a reader of ``lang``.

    French: the catalog's French title when it has one. English (or no French title):
    ``default`` when given (e.g. the audit data's own short title), else the catalog's
    title. Unknown framework or item: ``default``, else the id itself.
    """
    item = catalog(framework).get(ident) if has_catalog(framework) else None
    if item is None:
        return default if default is not None else ident
    if lang == "fr" and item.fr:
        return item.fr
    return default if default is not None else item.label
