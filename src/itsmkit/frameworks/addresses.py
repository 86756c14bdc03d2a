"""Validation rule ``addresses-unknown``: every ``addresses:`` id names a catalog item."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from itsmkit.catalogue import make
from itsmkit.issues import Issue
from itsmkit.repo.loader import Repository


def check_addresses(repo: Repository) -> Iterator[Issue]:
    """Each ``FRAMEWORK/ITEM`` in ``addresses:`` exists; catalogs load only when used."""
    from itsmkit.frameworks.catalog import catalog, has_catalog, known_keys, split_clause_id

    for loaded in repo.artefacts:
        art = loaded.artefact
        for index, value in enumerate(art.addresses):
            loc = (*loaded.prefix, "addresses", index)
            try:
                framework, ident = split_clause_id(value)
            except ValueError:  # the model's pattern already rejects these; stay safe
                continue
            if not has_catalog(framework):
                keys = known_keys()
                close = difflib.get_close_matches(framework, keys, n=1, cutoff=0.5)
                hint = (
                    (f"Did you mean {close[0]}? " if close else "")
                    + "Known: "
                    + ", ".join(keys)
                    + "."
                )
                yield make(
                    "addresses-unknown",
                    f"'{value}' names unknown framework '{framework}'",
                    loaded.file,
                    loc=loc,
                    artefact=art.id,
                    hint=hint,
                )
                continue
            cat = catalog(framework)
            if ident not in cat.items:
                close = difflib.get_close_matches(ident, list(cat.items), n=3, cutoff=0.6)
                hint = (
                    ("Did you mean " + ", ".join(f"{framework}/{c}" for c in close) + "? ")
                    if close
                    else ""
                )
                hint += f"List the items with `itsmkit frameworks show {framework}`."
                yield make(
                    "addresses-unknown",
                    f"'{value}': no item '{ident}' in {framework}",
                    loaded.file,
                    loc=loc,
                    artefact=art.id,
                    hint=hint,
                )
