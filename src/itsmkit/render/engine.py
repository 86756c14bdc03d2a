"""The Jinja engine: sandboxed, strict, with localised filters and output escaping.

Templates are untrusted (a company may override any of them), so they run in an
immutable sandbox with ``StrictUndefined``. Every ``{{ value }}`` goes through
``finalize``: model values are formatted for the language (dates, durations, money...)
and escaped for the target format, so a ``|`` or ``*`` in a YAML value cannot break a
table or start bold text. Template errors become :class:`TemplateRenderError` naming the
template and line.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from itsmkit import french
from itsmkit.errors import ItsmkitError
from itsmkit.render import filters as f
from itsmkit.render.labels import MISSING, NONE_SHOWN, TO_FILL, label
from itsmkit.render.loader import ConfinedLoader
from itsmkit.resources import shipped_dir
from itsmkit.textsafe import clean

TEMPLATE_DIR = "templates"


class TemplateRenderError(ItsmkitError):
    """A template could not be found, parsed or rendered."""

    code = "template-error"

    def __init__(self, *, template: str, line: int | None, message: str) -> None:
        where = f"{template}:{line}" if line else template
        super().__init__(f"{where}: {message}")
        self.template = template
        self.line = line
        self.message = message
        self.hint = (
            "Fix the template, or delete the company's copy in templates/ to use the built-in one."
        )

    def details(self) -> dict[str, object]:
        """The template and line at fault."""
        return {"template": self.template, "line": self.line}


Md = Markup
"""Text already in the target format: ``finalize`` and autoescaping leave it alone.

Jinja's autoescape machinery is reused with Markdown escaping done in ``finalize``:
literal template text and macro output are trusted, every value is escaped once.
"""


@dataclass(frozen=True, slots=True)
class Engine:
    """A configured Jinja environment and where its templates come from."""

    env: ImmutableSandboxedEnvironment
    company_dir: Path | None
    shipped: Path

    def source_of(self, name: str) -> Path:
        """The file a template name resolves to (company first, then shipped)."""
        if self.company_dir is not None and (self.company_dir / name).is_file():
            return self.company_dir / name
        return self.shipped / name

    def has(self, name: str) -> bool:
        """Whether a template of that name exists in either place."""
        try:
            self.env.get_template(name)
        except TemplateNotFound:
            return False
        except TemplateError:
            return True
        return True

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Render a template, turning every failure into :class:`TemplateRenderError`."""
        try:
            return self.env.get_template(name).render(context)
        except TemplateSyntaxError as exc:
            raise TemplateRenderError(
                template=_shown(exc.filename or exc.name or name, self),
                line=exc.lineno,
                message=f"syntax error: {exc.message}",
            ) from None
        except TemplateNotFound as exc:
            raise TemplateRenderError(
                template=str(exc.name or name), line=None, message="template not found"
            ) from None
        except ItsmkitError:
            raise
        except Exception as exc:
            template, line = _template_frame(exc, self)
            kind = type(exc).__name__
            raise TemplateRenderError(
                template=template or name, line=line, message=f"{kind}: {exc}"
            ) from None


def _shown(filename: str, engine: Engine) -> str:
    path = Path(filename)
    for base in (engine.company_dir, engine.shipped):
        if base is not None and path.is_relative_to(base):
            prefix = "templates" if base == engine.company_dir else "itsmkit:templates"
            return f"{prefix}/{path.relative_to(base).as_posix()}"
    return path.name


def _template_frame(exc: BaseException, engine: Engine) -> tuple[str | None, int | None]:
    """The innermost template file and line in the traceback (Jinja rewrites the frames)."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".j2"):
            found = (_shown(frame.filename, engine), frame.lineno)
    return found


def _ctx_lang(ctx: Context) -> str:
    lang = ctx.get("lang", "en")
    return lang if lang in ("fr", "en") else "en"


def _make_filters(markdown: bool) -> dict[str, Callable[..., Any]]:
    def wrap(fn: Callable[[Any, str], str | None]) -> Callable[..., Any]:
        @pass_context
        def apply(ctx: Context, value: Any) -> Any:
            return fn(value, _ctx_lang(ctx))

        return apply

    @pass_context
    def t(ctx: Context, value: Any) -> Any:
        lang = _ctx_lang(ctx)
        if isinstance(value, str):
            # A plain string is in the repository's language (``source_lang``).
            source = ctx.get("source_lang")
            if value and source and source != lang:
                f.record_fallback(value)
            return value
        return f.text(value, lang)

    @pass_context
    def cell(ctx: Context, value: Any) -> str:
        lang = _ctx_lang(ctx)
        if value is None or value == "":
            return _missing(ctx, lang, markdown)
        if isinstance(value, Md):
            return Md(f.one_line(value))
        shown = f.one_line(f.scalar(value, lang) or "")
        return Md(f.escape_markdown(shown)) if markdown else shown

    @pass_context
    def lbl(ctx: Context, value: Any) -> str:
        return label(value, _ctx_lang(ctx))

    @pass_context
    def num(ctx: Context, value: Any, places: int | None = None) -> str | None:
        return f.number(value, _ctx_lang(ctx), places)

    @pass_context
    def plural(ctx: Context, count: int, singular: str, plural_form: str) -> str:
        return french.plural(count, singular, plural_form, _ctx_lang(ctx))

    @pass_context
    def counted(ctx: Context, count: int, singular: str, plural_form: str) -> str:
        return french.counted(count, singular, plural_form, _ctx_lang(ctx))

    def de(value: Any) -> str:
        return french.de(str(value))

    return {
        "t": t,
        "date": wrap(f.date),
        "datetime": wrap(f.datetime),
        "duration": wrap(f.duration),
        "percent": wrap(f.percent),
        "money": wrap(f.money),
        "hours": wrap(f.hours),
        "number": num,
        "label": lbl,
        "cell": cell,
        "plural": plural,
        "counted": counted,
        "de": de,
    }


def _missing(ctx: Context, lang: str, markdown: bool) -> str:
    """A missing value: marked to fill in a draft, a plain dash in a final deliverable.

    An approved contract or a record never prints a placeholder; ``validate`` has already
    warned about the contract fields it lacks (rule ``contract-incomplete``).
    """
    if ctx.get("draft"):
        text = f"[{TO_FILL[lang]}]"
        return Md(f"**{f.escape_markdown(text)}**") if markdown else text
    if ctx.get("is_document") is None and "doc" not in ctx:
        text = f"({MISSING[lang]})"  # outside a deliverable (the index page)
        return Md(f"*{text}*") if markdown else text
    return Md(NONE_SHOWN) if markdown else NONE_SHOWN


def _make_finalize(markdown: bool) -> Callable[..., Any]:
    @pass_context
    def finalize(ctx: Context, value: Any) -> Any:
        lang = _ctx_lang(ctx)
        if value is None:
            return _missing(ctx, lang, markdown)
        if isinstance(value, Md):
            return value
        shown = f.scalar(value, lang) or ""
        return Md(f.escape_markdown(shown)) if markdown else clean(shown)

    return finalize


def make_engine(company_root: Path | None, *, markdown: bool = True) -> Engine:
    """An engine reading the company's ``templates/`` first, then the shipped ones.

    ``markdown`` escapes every value for Markdown; without it values are left for the
    caller (docxtpl escapes them for Word XML itself).
    """
    shipped = shipped_dir("templates")
    company = company_root / TEMPLATE_DIR if company_root is not None else None
    loaders: list[BaseLoader] = [FileSystemLoader(str(shipped))]
    if company is not None and company.is_dir():
        loaders.insert(0, ConfinedLoader(str(company), within=str(company_root)))
    else:
        company = None
    from itsmkit.render.bytecode import bytecode_cache

    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        # Markdown: escape() sees only Markup from finalize; Word XML: HTML escaping fits.
        autoescape=True,
        finalize=_make_finalize(markdown),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=bytecode_cache("md" if markdown else "docx"),
    )
    env.filters.update(_make_filters(markdown))
    return Engine(env=env, company_dir=company, shipped=shipped)
