"""Render deliverables: one artefact, or every renderable artefact with an index page.

The library side of ``itsmkit render``: it validates, refuses artefacts with errors
(unless forced), renders Markdown from the templates and Word from that Markdown (or
from a company docxtpl template), and writes atomically without overwriting a file
that differs (unless forced). Results are data; the CLI prints them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itsmkit.errors import MissingExtraError, UsageError, WriteConflictError
from itsmkit.issues import Issue, Severity
from itsmkit.model.base import Artefact, Document
from itsmkit.render.context import RENDERABLE, Index, build_context, display_name, language_of
from itsmkit.render.engine import Engine, TemplateRenderError, make_engine
from itsmkit.render.labels import CONTENTS
from itsmkit.render.markdown import finish, parse
from itsmkit.repo.loader import Repository

FORMATS = ("md", "docx")
LANGS = ("fr", "en")
DEFAULT_OUTPUT = Path("build") / "deliverables"
INDEX_NAME = "index.md"


@dataclass(frozen=True, slots=True)
class Output:
    """One file produced (or found already up to date)."""

    path: Path
    kind: str
    artefact: str
    lang: str
    fmt: str
    template: str
    status: str  # "written", "overwritten" or "unchanged"


@dataclass(frozen=True, slots=True)
class Refused:
    """An artefact not rendered because it has validation errors."""

    kind: str
    artefact: str
    issues: tuple[Issue, ...]
    loaded: bool = True  # False: it failed its schema, so even --force cannot render it


@dataclass(slots=True)
class RenderResult:
    """What a render produced, and what it refused."""

    outputs: list[Output] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether something was refused (the CLI exits 1)."""
        return bool(self.refused)


@dataclass(frozen=True, slots=True)
class _Planned:
    path: Path
    data: bytes
    kind: str
    artefact: str
    lang: str
    fmt: str
    template: str


@dataclass(slots=True)
class Session:
    """A loaded and validated repository, ready to render from."""

    repo: Repository
    issues: list[Issue]
    index: Index
    organisation: str
    default_lang: str
    reference: Path | None
    md_engine: Engine
    _docx_engine: Engine | None = None

    @classmethod
    def open(cls, path: Path, *, today: dt.date | None = None) -> Session:
        """Load and validate the repository at ``path``."""
        from itsmkit.validator import validate

        report, repo = validate(path, today=today, cache=True)  # a writing command
        if repo.config is None:
            raise UsageError(
                f"{repo.root / 'itsmkit.yaml'}: the configuration is invalid",
                hint="Run `itsmkit validate` to see what is wrong with itsmkit.yaml.",
            )
        reference = None
        if repo.config.reference_docx:
            reference = (repo.root / repo.config.reference_docx).resolve()
            if not reference.is_relative_to(repo.root.resolve()):
                raise UsageError(
                    f"reference_docx {repo.config.reference_docx!r} declared in itsmkit.yaml "
                    f"leads outside the repository (to {reference})",
                    hint="Put the reference document inside the repository and name it there.",
                )
            if not reference.is_file():
                raise UsageError(
                    f"reference_docx {repo.config.reference_docx!r} declared in itsmkit.yaml "
                    "does not exist",
                    hint="Fix the path (relative to the repository) or remove the setting.",
                )
        return cls(
            repo=repo,
            issues=report.issues,
            index=Index.of(item.artefact for item in repo.artefacts),
            organisation=repo.config.organisation,
            default_lang=repo.config.language,
            reference=reference,
            md_engine=make_engine(repo.root),
        )

    @property
    def docx_engine(self) -> Engine:
        """The engine for docxtpl templates: formats values but leaves escaping to Word XML."""
        if self._docx_engine is None:
            self._docx_engine = make_engine(self.repo.root, markdown=False)
        return self._docx_engine

    def errors_of(self, artefact_id: str) -> list[Issue]:
        """Validation errors about one artefact."""
        files = {item.file for item in self.repo.artefacts if item.artefact.id == artefact_id}
        return [
            i
            for i in self.issues
            if i.severity is Severity.ERROR
            and (i.artefact == artefact_id or (i.artefact is None and i.file in files))
        ]

    def find(self, kind: str, artefact_id: str | None) -> Artefact:
        """The artefact to render, or a usage error saying what exists."""
        same_kind = sorted(
            (item.artefact for item in self.repo.artefacts if item.artefact.kind == kind),
            key=lambda a: a.id,
        )
        if artefact_id is None:
            if len(same_kind) == 1:
                return same_kind[0]
            known = ", ".join(a.id for a in same_kind) or "none"
            raise UsageError(f"say which {kind} to render", hint=f"Known {kind} ids: {known}.")
        for art in same_kind:
            if art.id == artefact_id:
                return art
        other = self.index.get(artefact_id)
        if other is not None:
            raise UsageError(
                f"{artefact_id} is a {other.kind}, not a {kind}",
                hint=f"Run `itsmkit render {other.kind} {artefact_id}`.",
            )
        known = ", ".join(a.id for a in same_kind) or "none"
        raise UsageError(f"no {kind} with id {artefact_id!r}", hint=f"Known {kind} ids: {known}.")

    def langs_for(self, art: Artefact, langs: tuple[str, ...] | None) -> tuple[str, ...]:
        """The languages asked for, else the customer's or supplier's, else the company's."""
        if langs:
            return langs
        return (language_of(art, self.index) or self.default_lang,)

    def markdown(self, art: Artefact, lang: str) -> tuple[str, str]:
        """The Markdown of a deliverable and the template it came from (toc unexpanded)."""
        name = f"{art.kind}.{lang}.md.j2"
        context = build_context(art, self.index, lang=lang, organisation=self.organisation)
        raw = self.md_engine.render(name, context)
        return raw, _shown_template(self.md_engine, name)

    def plan(
        self, art: Artefact, lang: str, formats: tuple[str, ...], target: _Target
    ) -> list[_Planned]:
        """Render one artefact in one language to every asked format, in memory."""
        raw, template = self.markdown(art, lang)
        planned = []
        if "md" in formats:
            text = finish(raw, CONTENTS[lang])
            planned.append(
                _Planned(
                    target.path(art, lang, "md"),
                    text.encode("utf-8"),
                    art.kind,
                    art.id,
                    lang,
                    "md",
                    template,
                )
            )
        if "docx" in formats:
            data, docx_template = self.docx(art, lang, raw, template)
            planned.append(
                _Planned(
                    target.path(art, lang, "docx"),
                    data,
                    art.kind,
                    art.id,
                    lang,
                    "docx",
                    docx_template,
                )
            )
        return planned

    def docx(self, art: Artefact, lang: str, raw: str, template: str) -> tuple[bytes, str]:
        """Word bytes: from a company docxtpl template if there is one, else from Markdown."""
        from itsmkit.render.docx_writer import DocMeta, write_docx
        from itsmkit.render.markdown import parse as parse_md

        override = (
            self.md_engine.company_dir / f"{art.kind}.{lang}.docx"
            if self.md_engine.company_dir
            else None
        )
        if override is not None and override.is_file():
            return self._docxtpl(art, lang, override), f"templates/{override.name}"
        blocks = parse_md(finish(raw, CONTENTS[lang], expand_toc=False))
        model = type(art)
        meta = DocMeta(
            organisation=self.organisation,
            doc_id=art.id,
            title=_title(art, lang),
            subject=model.title_fr if lang == "fr" else model.title_en,
            lang=lang,
            draft=_draft(art),
            version=art.version if isinstance(art, Document) else None,
            date=_date_of(art),
        )
        return write_docx(blocks, meta, self.reference), template

    def _docxtpl(self, art: Artefact, lang: str, path: Path) -> bytes:
        try:
            from docxtpl import DocxTemplate
        except ImportError:
            raise MissingExtraError(
                feature=f"the Word template templates/{path.name}",
                extra="docxtpl",
                hint="remove the .docx template to use the built-in one.",
            ) from None
        from itsmkit.render.docx_writer import FIXED_DATE, save_deterministic

        context = build_context(art, self.index, lang=lang, organisation=self.organisation)
        try:
            tpl = DocxTemplate(str(path))
            tpl.render(context, jinja_env=self.docx_engine.env, autoescape=True)
        except TemplateRenderError:
            raise
        except Exception as exc:
            raise TemplateRenderError(
                template=f"templates/{path.name}", line=None, message=f"{type(exc).__name__}: {exc}"
            ) from None
        props = tpl.docx.core_properties
        when = _date_of(art)
        stamp = (
            dt.datetime(when.year, when.month, when.day, tzinfo=dt.timezone.utc)
            if when
            else FIXED_DATE
        )
        props.created = props.modified = props.last_printed = stamp
        props.revision = 1
        return save_deterministic(tpl.docx)


def _shown_template(engine: Engine, name: str) -> str:
    source = engine.source_of(name)
    if engine.company_dir is not None and source.parent == engine.company_dir:
        return f"templates/{name}"
    return f"itsmkit:templates/{name}"


def _title(art: Artefact, lang: str) -> str:
    from itsmkit.render import filters

    value = getattr(art, "title", None)
    model = type(art)
    kind_title = model.title_fr if lang == "fr" else model.title_en
    return filters.text(value, lang) or f"{kind_title} {art.id}"


def _kind_title(art: Artefact, lang: str) -> str:
    model = type(art)
    return model.title_fr if lang == "fr" else model.title_en


def _draft(art: Artefact) -> bool:
    from itsmkit.model.base import DocStatus

    return isinstance(art, Document) and art.status is DocStatus.DRAFT


def _date_of(art: Artefact) -> dt.date | None:
    dates = art.evidence_dates()
    return dates[1] if dates else None


@dataclass(frozen=True, slots=True)
class _Target:
    """Where outputs go: a folder, or one file when a single output was asked for."""

    folder: Path
    file: Path | None = None

    def path(self, art: Artefact, lang: str, fmt: str) -> Path:
        if self.file is not None:
            return self.file
        return self.folder / f"{art.id}.{lang}.{fmt}"


def _check_options(formats: tuple[str, ...], langs: tuple[str, ...] | None) -> None:
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(
            f"unknown format {', '.join(bad) or '(none)'}", hint="Use md, docx or both."
        )
    bad = [lang for lang in langs or () if lang not in LANGS]
    if bad:
        raise UsageError(f"unknown language {', '.join(bad)}", hint="Use fr, en or both.")


def _resolve_target(root: Path, output: Path | None, single: bool, fmt: str | None) -> _Target:
    if output is None:
        return _Target(root / DEFAULT_OUTPUT)
    if output.suffix in (".md", ".docx"):
        if not single:
            raise UsageError(
                f"{output} names one file but several outputs were asked for",
                hint="Give a folder with -o, or one format and one language.",
            )
        if fmt is not None and output.suffix != f".{fmt}":
            raise UsageError(
                f"{output} does not end in .{fmt}",
                hint=f"Name the output file *.{fmt}, or give a folder.",
            )
        return _Target(output.parent, output)
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output} exists and is not a folder", hint="Give a folder with -o.")
    return _Target(output)


def _write(planned: list[_Planned], force: bool) -> list[Output]:
    from itsmkit.transaction import common_folder, write_all

    statuses: list[str] = []
    conflicts = []
    for item in planned:
        if not item.path.exists():
            statuses.append("written")
        elif item.path.is_file() and item.path.read_bytes() == item.data:
            statuses.append("unchanged")
        else:
            statuses.append("overwritten")
            if not force:
                conflicts.append(item.path)
    if conflicts:
        raise WriteConflictError(paths=conflicts)
    writes = {i.path: i.data for i, s in zip(planned, statuses, strict=True) if s != "unchanged"}
    if writes:
        write_all(common_folder(list(writes)), writes, command="render")
    outputs = []
    for item, status in zip(planned, statuses, strict=True):
        outputs.append(
            Output(item.path, item.kind, item.artefact, item.lang, item.fmt, item.template, status)
        )
    return outputs


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
    _check_options(formats, langs)
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
    target = _resolve_target(session.repo.root, output, single, formats[0] if single else None)
    planned = [p for lang in chosen for p in session.plan(art, lang, formats, target)]
    result.outputs = _write(planned, force)
    return result


def render_all(
    path: Path,
    *,
    formats: tuple[str, ...] = ("md", "docx"),
    langs: tuple[str, ...] | None = None,
    output: Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> RenderResult:
    """Render every renderable artefact into one folder with an ``index.md`` page.

    Artefacts with validation errors are refused (and listed) unless ``force``; the
    others are rendered all the same.
    """
    _check_options(formats, langs)
    session = Session.open(path, today=today)
    target = _resolve_target(session.repo.root, output, False, None)
    result = RenderResult()
    planned: list[_Planned] = []
    order = {k: n for n, k in enumerate(RENDERABLE)}
    arts = sorted(
        (item.artefact for item in session.repo.artefacts if item.artefact.kind in order),
        key=lambda a: (order[a.kind], a.id),
    )
    entries: list[dict[str, Any]] = []
    for art in arts:
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
    planned.append(_index(session, target, entries, result.refused))
    result.outputs = _write(planned, force)
    return result


def _index(
    session: Session, target: _Target, entries: list[dict[str, Any]], refused: list[Refused]
) -> _Planned:
    lang = session.default_lang
    name = f"index.{lang}.md.j2"
    context = {
        "lang": lang,
        "org": session.organisation,
        "entries": entries,
        "refused": [{"kind": r.kind, "id": r.artefact, "errors": len(r.issues)} for r in refused],
    }
    text = finish(session.md_engine.render(name, context), CONTENTS[lang])
    return _Planned(
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
