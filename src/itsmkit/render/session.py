"""A loaded, validated repository and how one artefact becomes Markdown and Word.

The session reads the repository once, then renders artefacts in memory: Markdown from
the templates, Word from that Markdown (with cover page, page size and signature
blocks) or from a company docxtpl template, PDF from the Word file through LibreOffice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from itsmkit.errors import MissingExtraError, UsageError
from itsmkit.issues import Issue, Severity
from itsmkit.model.base import Artefact, Document
from itsmkit.render.context import Index, build_context, language_of
from itsmkit.render.engine import Engine, TemplateRenderError, make_engine
from itsmkit.render.labels import CONTENTS
from itsmkit.render.markdown import finish
from itsmkit.render.output import Planned, Target
from itsmkit.repo.loader import Repository


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
    page_size: str = "a4"
    logo: Path | None = None
    _docx_engine: Engine | None = None

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        today: dt.date | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Session:
        """Load and validate the repository at ``path`` (``progress``: files read, in all)."""
        from itsmkit.rulecache import rule_issues
        from itsmkit.validator import validate

        # A writing command: it updates the caches (files, and the cross-file rules).
        report, repo = validate(path, today=today, cache=True, rules=rule_issues, progress=progress)
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
        logo = None
        if repo.config.logo:
            logo = (repo.root / repo.config.logo).resolve()
            if not logo.is_file() or logo.suffix.lower() not in (".png", ".jpg", ".jpeg"):
                raise UsageError(
                    f"logo {repo.config.logo!r} declared in itsmkit.yaml is not a PNG or JPEG "
                    "file of the repository",
                    hint="Fix the path (relative to the repository) or remove the setting.",
                )
        return cls(
            page_size=repo.config.page_size,
            logo=logo,
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
        raw, template, _ = self.markdown_checked(art, lang)
        return raw, template

    def markdown_checked(self, art: Artefact, lang: str) -> tuple[str, str, tuple[str, ...]]:
        """The Markdown, its template, and warnings about texts shown in another language."""
        from itsmkit.render.filters import tracking_fallbacks

        name = f"{art.kind}.{lang}.md.j2"
        context = build_context(art, self.index, lang=lang, organisation=self.organisation)
        context["source_lang"] = self.default_lang  # the language of plain YAML strings
        with tracking_fallbacks() as fallbacks:
            raw = self.md_engine.render(name, context)
        warnings: tuple[str, ...] = ()
        if fallbacks:
            other = "en" if lang == "fr" else "fr"
            n = len(fallbacks)
            warnings = (
                f"{n} text{'s' if n > 1 else ''} of {art.id} {'have' if n > 1 else 'has'} no "
                f"{_LANG_NAMES[lang]} version and {'are' if n > 1 else 'is'} shown in "
                f"{_LANG_NAMES[other]} (first: {fallbacks[0][:60]!r}); add `{lang}:` to "
                "the YAML",
            )
        return raw, _shown_template(self.md_engine, name), warnings

    def plan(
        self, art: Artefact, lang: str, formats: tuple[str, ...], target: Target
    ) -> list[Planned]:
        """Render one artefact in one language to every asked format, in memory."""
        raw, template, warnings = self.markdown_checked(art, lang)
        planned = []
        if "md" in formats:
            text = finish(raw, CONTENTS[lang])
            planned.append(
                Planned(
                    target.path(art, lang, "md"),
                    text.encode("utf-8"),
                    art.kind,
                    art.id,
                    lang,
                    "md",
                    template,
                    warnings,
                )
            )
        if "docx" in formats or "pdf" in formats:
            data, docx_template = self.docx(art, lang, raw, template)
            # A PDF is planned with the Word bytes; pdf.convert_planned turns them into PDF.
            planned += [
                Planned(
                    target.path(art, lang, fmt),
                    data,
                    art.kind,
                    art.id,
                    lang,
                    fmt,
                    docx_template,
                    warnings,
                )
                for fmt in ("docx", "pdf")
                if fmt in formats
            ]
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
        from itsmkit.render.cover import cover_for

        title = _title(art, lang)
        meta = DocMeta(
            organisation=self.organisation,
            doc_id=art.id,
            title=title,
            subject=model.title_fr if lang == "fr" else model.title_en,
            lang=lang,
            draft=_draft(art),
            version=art.version if isinstance(art, Document) else None,
            date=_date_of(art),
            page_size=self.page_size,
            cover=cover_for(
                art,
                self.index,
                lang=lang,
                organisation=self.organisation,
                title=title,
                when=_date_of(art),
                draft=_draft(art),
                logo=self.logo,
            ),
        )
        return write_docx(blocks, meta, self.reference), template

    def _docxtpl(self, art: Artefact, lang: str, path: Path) -> bytes:
        try:
            from docxtpl import DocxTemplate
        except ImportError:  # pragma: no cover - depends on the installation
            raise MissingExtraError(
                feature=f"the Word template templates/{path.name}",
                extra="docxtpl",
                hint="remove the .docx template to use the built-in one.",
            ) from None
        from itsmkit.render.docx_save import save_deterministic
        from itsmkit.render.wordprops import stamp

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
        props.created = props.modified = props.last_printed = stamp(_date_of(art))
        props.revision = 1
        return save_deterministic(tpl.docx)


_LANG_NAMES = {"fr": "French", "en": "English"}


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
