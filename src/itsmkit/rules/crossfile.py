"""The two rules that need every artefact at once, over plain data: ids and references.

Both read only what an artefact is called, its kind, where it is and what it refers to,
so they run the same over validated models (:mod:`itsmkit.rules.repository`) and over
the summaries the incremental validator keeps for unchanged files
(:mod:`itsmkit.incremental`). No model is imported here: a warm run that finds nothing
changed does not build them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from itsmkit.catalogue import make
from itsmkit.issues import Issue, Loc

Named = tuple[str, str, str, Loc]
"""An artefact as the id rule sees it: (id, kind, file, prefix)."""

Reference = tuple[str, str | None, Loc, str, tuple[str, ...]]
"""A reference as the reference rule sees it: (file, artefact id, loc, target, kinds)."""


def id_issues(items: Iterable[Named]) -> Iterator[Issue]:
    """Ids are unique across the repository: every later use of an id is an issue."""
    first: dict[str, tuple[str, str]] = {}
    for ident, kind, file, prefix in items:
        other = first.get(ident)
        if other is not None:
            yield make(
                "id-duplicate",
                f"id '{ident}' is also used by the {other[0]} in {other[1]}",
                file,
                loc=(*prefix, "id"),
                artefact=ident,
            )
        else:
            first[ident] = (kind, file)


def did_you_mean(target: str, kind_of: Mapping[str, str], kinds: tuple[str, ...]) -> str | None:
    """The closest ids of the expected kinds, as a hint."""
    import difflib

    options = [ident for ident, kind in kind_of.items() if kind in kinds]
    close = difflib.get_close_matches(target, options, n=3, cutoff=0.6)
    if close:
        return "Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return None


def reference_issues(
    refs: Iterable[Reference], kind_of: Mapping[str, str], failed: Mapping[str, str]
) -> Iterator[Issue]:
    """Every reference resolves to an artefact of an allowed kind.

    ``kind_of`` maps each loaded id to its kind (the last artefact of a duplicated id
    wins, as in an index built in file order); ``failed`` maps the ids of artefacts that
    failed validation to their declared kind.
    """
    for file, artefact, loc, target, kinds in refs:
        found = kind_of.get(target)
        expected = " or ".join(kinds)
        if found is None and target in failed:
            # The target's own file reports why it is not loaded; its kind is known.
            if failed[target] not in kinds:
                yield make(
                    "ref-kind",
                    f"'{target}' is a {failed[target]}, expected a {expected}",
                    file,
                    loc=loc,
                    artefact=artefact,
                )
            continue
        if found is None:
            yield make(
                "ref-unknown",
                f"{loc[-1] if isinstance(loc[-1], str) else loc[-2]} "
                f"refers to unknown {expected} '{target}'",
                file,
                loc=loc,
                artefact=artefact,
                hint=did_you_mean(target, kind_of, tuple(kinds)),
            )
        elif found not in kinds:
            yield make(
                "ref-kind",
                f"'{target}' is a {found}, expected a {expected}",
                file,
                loc=loc,
                artefact=artefact,
            )
