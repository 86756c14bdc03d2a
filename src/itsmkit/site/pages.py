"""The site as data: one context per page, built from the library's results.

Templates only lay these out. Every figure comes from a library function the commands
use too: ``run_audit`` (verdict, readiness, findings), ``trace`` and ``annex_d`` (coverage),
``due_items`` (what falls due), ``show`` (an artefact both ways), ``sla_figures`` (SLAs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from itsmkit.audit.engine import AuditResult
from itsmkit.frameworks.printers import Report
from itsmkit.model.audit import Action, ActionStatus, AuditReport, Finding, FindingStatus, Grade
from itsmkit.model.base import Artefact
from itsmkit.model.types import LocalisedText
from itsmkit.query.due import due_items
from itsmkit.query.index import Index
from itsmkit.query.listing import title_of
from itsmkit.query.show import show
from itsmkit.site import charts
from itsmkit.site.links import Linker, Register, by_file, evidence_targets, flatten
from itsmkit.site.sla import sla_figures
from itsmkit.site.words import GRADES, verdict, words

DUE_WITHIN_DAYS = 60
MAX_REFERRERS = 200
MAX_EVIDENCE = 25  # per clause on the coverage page; the register pages hold the rest
CLOSED_ACTIONS = (ActionStatus.DONE, ActionStatus.CANCELLED)


@dataclass(slots=True)
class Page:
    """One HTML file of the site: where, which template, what it shows."""

    path: str
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> str:
        """The relative way back to the site's root from this page."""
        return "../" * self.path.count("/")


def _title(a: Artefact, lang: str) -> str:
    return title_of(a, lang) or a.id


def _text(value: object, lang: str) -> str:
    if isinstance(value, LocalisedText):
        return getattr(value, lang, None) or value.fr or value.en or ""
    return str(value)


def _audit_trend(index: Index, result: AuditResult) -> list[tuple[str, str, float | None]]:
    points = []
    for item in index.repo.by_kind("audit-report"):
        rep = item.artefact
        if isinstance(rep, AuditReport) and rep.end <= result.as_of:
            points.append((rep.end.isoformat(), rep.id, rep.readiness))
    points.sort()
    points.append((result.as_of.isoformat(), "itsmkit audit", result.readiness))
    return points


def home(index: Index, result: AuditResult, linker: Linker, lang: str) -> Page:
    """Verdict, readiness per clause group, trend, open nonconformities and actions, due."""
    w = words(lang)
    groups = [g for g in result.groups if g.readiness is not None]
    trend = _audit_trend(index, result)
    open_nc = sorted(
        (
            i.artefact
            for i in index.repo.by_kind("finding")
            if isinstance(i.artefact, Finding)
            and i.artefact.status is FindingStatus.OPEN
            and i.artefact.grade in (Grade.MAJOR, Grade.MINOR)
        ),
        key=lambda f: (f.grade is not Grade.MAJOR, f.raised_on, f.id),
    )
    actions = sorted(
        (
            i.artefact
            for i in index.repo.by_kind("action")
            if isinstance(i.artefact, Action) and i.artefact.status not in CLOSED_ACTIONS
        ),
        key=lambda a: (a.due, a.id),
    )
    due = due_items(index, today=result.as_of, within=DUE_WITHIN_DAYS)
    names = GRADES[lang if lang in GRADES else "en"]
    slas = sorted((index.by_id[s].artefact for s in linker.slas), key=lambda a: a.id)
    return Page(
        "index.html",
        "home.html.j2",
        w["home"],
        {
            "result": result,
            "verdict": verdict(lang, result.count(Grade.MAJOR), result.count(Grade.MINOR)),
            "counts": [
                (GRADES[lang if lang in GRADES else "en"][g.value], result.count(g)) for g in Grade
            ],
            "readiness_chart": Markup(
                charts.readiness_bars(
                    w["readiness_by_group"],
                    # pygal draws the first bar at the bottom: reversed, clause 4 is on top.
                    [f"{g.id} {g.title}" for g in reversed(groups)],
                    [g.readiness for g in reversed(groups)],
                )
            ),
            "trend": trend,
            "trend_chart": Markup(
                charts.trend_line(w["trend"], [d for d, *_ in trend], [v for *_, v in trend])
            ),
            "open_nc": [(f, names[f.grade.value], _text(f.found, lang)) for f in open_nc],
            "actions": [(a, _title(a, lang), a.due < result.as_of) for a in actions],
            "due": due,
            "slas": [(s, _title(s, lang)) for s in slas],
        },
    )


def sla_page(index: Index, sla_id: str, lang: str) -> Page:
    """Attainment per period (and priority), targets met, breaches and their actions."""
    w = words(lang)
    sla = index.by_id[sla_id].artefact
    figures = sla_figures(index, sla_id, lang)
    labels = [p.label for p in figures.periods]
    chart = priority_chart = met_chart = None
    if figures.periods:
        chart = Markup(charts.series_lines(w["attainment"], labels, figures.series()))
        met_chart = Markup(
            charts.met_bars(w["targets_met"], labels, figures.met_counts(), w["met"], w["missed"])
        )
        if figures.by_priority():
            priority_chart = Markup(
                charts.series_lines(w["attainment_priority"], labels, figures.by_priority())
            )
    return Page(
        f"sla/{sla_id}.html",
        "sla.html.j2",
        f"{sla_id}: {_title(sla, lang)}",
        {
            "sla": sla,
            "figures": figures,
            "chart": chart,
            "priority_chart": priority_chart,
            "met_chart": met_chart,
            "customer": getattr(sla, "customer", None),
        },
    )


def findings_page(index: Index, result: AuditResult, lang: str) -> Page:
    """The mock audit's findings, each evidence linked to its artefact."""
    files = by_file(index)
    names = GRADES[lang if lang in GRADES else "en"]
    rows = [
        (f, names[f.grade.value], evidence_targets(index, files, f.evidence))
        for f in result.findings
    ]
    return Page(
        "findings.html",
        "findings.html.j2",
        words(lang)["findings"],
        {"result": result, "rows": rows},
    )


def coverage_page(index: Index, trace_result: Any, annex: Report, lang: str) -> Page:
    """The trace matrix of the repository's framework and the Annex D matrices."""
    return Page(
        "coverage.html",
        "coverage.html.j2",
        words(lang)["coverage"],
        {"trace": trace_result, "annex": annex, "max_evidence": MAX_EVIDENCE},
    )


def _shown(index: Index, linker: Linker, artefact_id: str) -> tuple[Any, list[tuple[str, int]]]:
    """``show`` of an artefact; past :data:`MAX_REFERRERS` referrers, the rest by register.

    A customer named by 50k incidents would make ``show`` find the line of each (every
    batch file parsed again): the page lists the first ones with their lines, and how many
    more sit on each register page.
    """
    incoming = index.incoming.get(artefact_id, [])
    if len(incoming) <= MAX_REFERRERS:
        return show(index, artefact_id), []
    incoming = sorted(incoming, key=lambda k: (k.file, k.source))
    view = Index(index.repo, index.by_id, index.outgoing, {artefact_id: incoming[:MAX_REFERRERS]})
    view._locator = index._locator
    shown = show(view, artefact_id)
    index._locator = view._locator
    more: dict[str, int] = {}
    for link in incoming[MAX_REFERRERS:]:
        url = (linker.url(link.source) or "").partition("#")[0]
        more[url] = more.get(url, 0) + 1
    order = {r.path: n for n, r in enumerate(linker.registers)}
    return shown, sorted(more.items(), key=lambda kv: order.get(kv[0], -1))


def artefact_page(index: Index, artefact_id: str, lang: str, linker: Linker) -> Page:
    """A document or entity: its fields, file and line, references both ways."""
    shown, more = _shown(index, linker, artefact_id)
    item = index.by_id[artefact_id]
    return Page(
        f"a/{artefact_id}.html",
        "artefact.html.j2",
        f"{artefact_id}: {_title(item.artefact, lang)}",
        {
            "shown": shown,
            "more": more,
            "fields": flatten(shown.data, lang),
            "sla_page": f"sla/{artefact_id}.html" if shown.kind == "sla" else None,
        },
    )


def _link_rows(index: Index, links: list[Any], other: str) -> list[tuple[str, str]]:
    rows = []
    for link in links:
        prefix = len(index.by_id[link.source].prefix)
        path = ".".join(str(p) for p in link.loc[prefix:])
        rows.append((path, getattr(link, other)))
    return rows


def register_page(index: Index, reg: Register, lang: str) -> Page:
    """Records of one kind and month: fields and references of each, no line lookups."""
    entries = []
    for item in reg.items:
        a = item.artefact
        entries.append(
            {
                "id": a.id,
                "title": title_of(a, lang),
                "file": item.file,
                "fields": flatten(a.model_dump(mode="json", exclude_unset=True), lang),
                "references": _link_rows(index, index.outgoing.get(a.id, []), "target"),
                "referenced_by": _link_rows(index, index.incoming.get(a.id, []), "source"),
            }
        )
    part = "" if reg.part == 1 else f" ({reg.part})"
    return Page(
        reg.path,
        "register.html.j2",
        f"{words(lang)['register']} {reg.kind} {reg.month}{part}",
        {"register": reg, "entries": entries},
    )


def artefacts_page(index: Index, linker: Linker, lang: str) -> Page:
    """Every document and entity, and every register page."""
    docs = [(i, _title(i.artefact, lang)) for i in linker.pages]
    return Page(
        "artefacts.html",
        "artefacts.html.j2",
        words(lang)["artefacts"],
        {"documents": docs, "registers": linker.registers},
    )
