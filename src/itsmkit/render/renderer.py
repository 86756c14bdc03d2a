"""Render deliverables: one artefact, or every renderable artefact with an index page.

The library side of ``itsmkit render``: it validates, refuses artefacts with errors
(unless forced), renders Markdown from the templates and Word from that Markdown (or
from a company docxtpl template), and writes atomically without overwriting a file
that differs (unless forced). Results are data; the CLI prints them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from itsmkit.errors import UsageError
from itsmkit.issues import Severity
from itsmkit.render.context import RENDERABLE, display_name
from itsmkit.render.labels import CONTENTS
from itsmkit.render.markdown import finish, parse
from itsmkit.render.output import (
    FORMATS,
    LANGS,
    Output,
    Planned,
    Refused,
    RenderResult,
    Target,
    check_options,
    resolve_target,
    write_planned,
)
from itsmkit.render.session import Session, _draft, _kind_title, _shown_template

INDEX_NAME = "index.md"


def render_one(
    path: Path,
    kind: str,
    artefact_id: str | None,
    *,
    formats: tuple[str, ...] = ("md",),
    langs: tuple[str, ...] | None = None,
    output: Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> RenderResult:
    """Render one artefact to every asked format and language."""
    check_options(formats, langs)
    _pdf_available(formats)
    if kind not in RENDERABLE:
        raise UsageError(
            f"cannot render kind {kind!r}",
            hint="Renderable kinds: " + ", ".join(RENDERABLE) + ", or `all`.",
        )
    session = Session.open(path, today=today)
    result = RenderResult()
    if artefact_id is not None and session.index.get(artefact_id) is None:
        errors = [
            i for i in session.issues if i.artefact == artefact_id and i.severity is Severity.ERROR
        ]
        if errors:  # it failed schema validation, so it was not loaded
            result.refused.append(Refused(kind, artefact_id, tuple(errors), loaded=False))
            return result
    art = session.find(kind, artefact_id)
    errors = session.errors_of(art.id)
    if errors and not force:
        result.refused.append(Refused(kind, art.id, tuple(errors)))
        return result
    chosen = session.langs_for(art, langs)
    single = len(formats) == 1 and len(chosen) == 1
    target = resolve_target(session.repo.root, output, single, formats[0] if single else None)
    planned = [p for lang in chosen for p in session.plan(art, lang, formats, target)]
    result.outputs = write_planned(_pdf(planned), force)
    return result


def _pdf_available(formats: tuple[str, ...]) -> None:
    if "pdf" in formats:
        from itsmkit.render.pdf import require_soffice

        require_soffice()


def _pdf(
    planned: list[Planned], progress: Callable[[int, int], None] | None = None
) -> list[Planned]:
    if not any(p.fmt == "pdf" for p in planned):
        return planned
    from itsmkit.render.pdf import convert_planned

    return convert_planned(planned, progress)


def render_all(
    path: Path,
    *,
    formats: tuple[str, ...] = ("md", "docx"),
    langs: tuple[str, ...] | None = None,
    output: Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    reading: Callable[[int, int], None] | None = None,
    converting: Callable[[int, int], None] | None = None,
) -> RenderResult:
    """Render every renderable artefact into one folder with an ``index.md`` page.

    Artefacts with validation errors are refused (and listed) unless ``force``; the
    others are rendered all the same. Each phase reports how far it got, as (done, in
    all): ``reading`` files read, ``progress`` artefacts rendered, ``converting`` PDF
    files LibreOffice has written.
    """
    check_options(formats, langs)
    _pdf_available(formats)
    session = Session.open(path, today=today, progress=reading)
    target = resolve_target(session.repo.root, output, False, None)
    result = RenderResult()
    planned: list[Planned] = []
    order = {k: n for n, k in enumerate(RENDERABLE)}
    arts = sorted(
        (item.artefact for item in session.repo.artefacts if item.artefact.kind in order),
        key=lambda a: (order[a.kind], a.id),
    )
    entries: list[dict[str, Any]] = []
    for done, art in enumerate(arts):
        if progress is not None:
            progress(done, len(arts))
        errors = session.errors_of(art.id)
        if errors and not force:
            result.refused.append(Refused(art.kind, art.id, tuple(errors)))
            continue
        for lang in session.langs_for(art, langs):
            files = session.plan(art, lang, formats, target)
            planned += files
            entries.append(
                {
                    "kind": art.kind,
                    "kind_title": _kind_title(art, session.default_lang),
                    "id": art.id,
                    "title": display_name(art, art.id, lang),
                    "lang": lang,
                    "draft": _draft(art),
                    "files": [p.path.name for p in files],
                }
            )
    if progress is not None:
        progress(len(arts), len(arts))
    planned.append(_index(session, target, entries, result.refused))
    result.outputs = write_planned(_pdf(planned, converting), force)
    return result


def _index(
    session: Session, target: Target, entries: list[dict[str, Any]], refused: list[Refused]
) -> Planned:
    lang = session.default_lang
    name = f"index.{lang}.md.j2"
    context = {
        "lang": lang,
        "org": session.organisation,
        "entries": entries,
        "refused": [{"kind": r.kind, "id": r.artefact, "errors": len(r.issues)} for r in refused],
    }
    text = finish(session.md_engine.render(name, context), CONTENTS[lang])
    return Planned(
        target.folder / INDEX_NAME,
        text.encode("utf-8"),
        "index",
        "index",
        lang,
        "md",
        _shown_template(session.md_engine, name),
    )


__all__ = [
    "FORMATS",
    "LANGS",
    "RENDERABLE",
    "Output",
    "Refused",
    "RenderResult",
    "Session",
    "parse",
    "render_all",
    "render_one",
]
