"""Build the site: results as data (:mod:`itsmkit.site.pages`), then Jinja, then one write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsmkit.site.pages import Page

ASSETS = ("style.css",)
DEFAULT_TARGET = Path("build", "site")
"""Where ``itsmkit site`` builds when not told: relative to the repository root."""


@dataclass(frozen=True, slots=True)
class Built:
    """What ``itsmkit site`` wrote."""

    target: Path
    pages: int
    artefact_pages: int
    register_pages: int
    language: str


def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from itsmkit.resources import shipped_dir

    return Environment(
        loader=FileSystemLoader(shipped_dir("templates") / "site"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def collect(root: Path) -> tuple[list[Page], dict[str, Any]]:
    """Every page of the site of the repository at ``root``, and the shared context."""
    from itsmkit.audit.coverage import trace_of
    from itsmkit.audit.engine import run_audit
    from itsmkit.errors import UsageError
    from itsmkit.frameworks.matrix import annex_d, disagreements
    from itsmkit.frameworks.views import matrix_report
    from itsmkit.query.index import build_index
    from itsmkit.repo.loader import load_repository
    from itsmkit.site import charts, pages
    from itsmkit.site.links import plan_links
    from itsmkit.site.words import words

    charts._pygal()  # fail early, with the extra's name, when pygal is missing
    # A writing command: it reads and updates the caches, as render and audit do.
    repo = load_repository(root, cache=True)
    if repo.config is None:
        raise UsageError(
            "itsmkit.yaml is invalid; the site cannot be built",
            hint="Run `itsmkit validate` and fix the configuration first.",
        )
    lang = repo.config.language if repo.config.language in ("fr", "en") else "en"
    index = build_index(repo)
    result = run_audit(repo.root, cache=True, repo=repo)
    linker = plan_links(index)
    found: list[Page] = [
        pages.home(index, result, linker, lang),
        pages.findings_page(index, result, lang),
        pages.coverage_page(
            index,
            trace_of(result),
            matrix_report(annex_d(), disagreements()),
            lang,
        ),
        pages.artefacts_page(index, linker, lang),
    ]
    found += [pages.sla_page(index, s, lang) for s in sorted(linker.slas)]
    found += [pages.artefact_page(index, i.artefact.id, lang, linker) for i in linker.pages]
    found += [pages.register_page(index, r, lang) for r in linker.registers]
    shared = {
        "w": words(lang),
        "lang": lang,
        "organisation": repo.config.organisation,
        "as_of": result.as_of,
        "built_on": dt.date.today(),
        "url": linker.url,
        "nav_slas": sorted(linker.slas),
    }
    return found, shared


def render(found: list[Page], shared: dict[str, Any]) -> dict[str, bytes]:
    """Relative path → bytes of every file of the site."""
    from itsmkit.resources import shipped_dir

    env = _environment()
    files: dict[str, bytes] = {}
    for page in found:
        template = env.get_template(page.template)
        html = template.render(**shared, **page.context, page=page, root=page.root)
        files[page.path] = html.encode("utf-8")
    for name in ASSETS:
        files[name] = (shipped_dir("templates") / "site" / name).read_bytes()
    return files


def build_site(root: Path, target: Path, *, force: bool = False) -> Built:
    """Build the site of the repository at ``root`` into the folder ``target``."""
    from itsmkit.site.writer import check_target, write_tree

    check_target(target, force=force)  # before the work, not only after it
    found, shared = collect(root)
    write_tree(target, render(found, shared), force=force)
    return Built(
        target,
        len(found),
        sum(1 for p in found if p.path.startswith("a/")),
        sum(1 for p in found if p.path.startswith("r/")),
        shared["lang"],
    )
