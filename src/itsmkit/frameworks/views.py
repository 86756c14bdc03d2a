"""Turn framework results into printable reports (headings, summaries, tables)."""

from __future__ import annotations

from typing import Any

from itsmkit.frameworks.catalog import Catalog, summary
from itsmkit.frameworks.checklist import ChecklistResult
from itsmkit.frameworks.clauses import FORMULA, FORMULA_FR
from itsmkit.frameworks.coverage import TraceResult
from itsmkit.frameworks.evidence import EvidenceRef
from itsmkit.frameworks.mapping import Link
from itsmkit.frameworks.matrix import Disagreement
from itsmkit.frameworks.printers import Report, Table
from itsmkit.frameworks.schema.base import CONFIDENCE_LABELS
from itsmkit.frameworks.schema.matrix import MatrixFile
from itsmkit.frameworks.trace_words import Words

MAX_REFS = 4


def frameworks_list(cats: list[Catalog]) -> Report:
    """``itsmkit frameworks``."""
    table = Table("Catalogs", ("framework", "edition", "items", "title", "confidence"))
    for cat in cats:
        info = summary(cat)
        conf = ", ".join(f"{k} {v}" for k, v in sorted(info["confidence"].items()))
        table.rows.append((cat.key, cat.data.edition, str(info["items"]), cat.title, conf))
    notes = ["Confidence: " + "; ".join(f"{k} = {v}" for k, v in CONFIDENCE_LABELS.items()) + "."]
    return Report("Framework catalogs shipped with itsmkit", [], [table], notes)


def framework_overview(cat: Catalog) -> Report:
    """``itsmkit frameworks show FRAMEWORK``."""
    data = cat.data
    lines = [
        f"Edition: {data.edition}",
        f"Publisher: {data.publisher}",
        f"Licence: {data.licence_note}",
        f"Source: {data.source}",
        f"Data version: {data.data_version}",
    ]
    if data.near_identical_to:
        lines.append(
            f"Near-identical to {data.near_identical_to}: {data.equivalence_note or ''}".strip()
        )
    table = Table("Items", ("id", "kind", "title", "parent", "confidence"))
    for item in data.items:
        table.rows.append((item.id, item.kind, item.label, item.parent or "", item.confidence))
    tables = [table]
    if data.aliases:
        alias = Table(
            "Alias table (ITSM-* ids are names, not clause numbers)",
            ("alias", "clauses", "confidence", "note"),
        )
        for a in data.aliases:
            alias.rows.append(
                (a.alias, ", ".join(a.targets) or "(none)", a.confidence, a.note or "")
            )
        tables.append(alias)
    return Report(f"{cat.key}: {cat.title}", lines, tables)


def framework_item(cat: Catalog, ident: str, links: list[Link]) -> Report:
    """``itsmkit frameworks show FRAMEWORK ITEM``."""
    item = cat.require(ident)
    data = cat.data
    lines = [
        f"Kind: {item.kind}",
        f"Title: {item.en or ''}"
        + (f" / fr: {item.fr}" if item.fr and item.en else (item.fr or "")),
        f"Source: {data.sources[item.source]}",
        f"Confidence: {item.confidence} ({CONFIDENCE_LABELS[item.confidence]})",
    ]
    if item.fr_source and item.fr_confidence:
        lines.append(
            f"French title: {data.sources[item.fr_source]}; {item.fr_confidence} "
            f"({CONFIDENCE_LABELS[item.fr_confidence]})"
        )
    for variant in (v for v in data.name_variants if v.id == item.id):
        for label, words in (
            ("section heading", variant.heading),
            ("name line", variant.name_line),
        ):
            if words is not None:
                lines.append(f"Worded otherwise in the source's {label}: {words}")
    if item.note:
        lines.append(f"Note: {item.note}")
    if item.editions:
        lines.append("Editions: " + ", ".join(item.editions))
    if item.roles:
        lines.append("Roles: " + ", ".join(item.roles))
    if item.artefacts:
        lines.append("Artefacts: " + "; ".join(item.artefacts))
    parents = Table("Parents", ("id", "title"), [(p.id, p.label) for p in cat.ancestors(item.id)])
    children = Table(
        "Children", ("id", "kind", "title"), [(c.id, c.kind, c.label) for c in cat.kids(item.id)]
    )
    maps = Table(
        "Mappings", ("framework", "item", "relation", "confidence", "editorial", "rationale")
    )
    for ln in links:
        maps.rows.append(
            (
                ln.target,
                ln.other,
                ln.relation,
                ln.confidence,
                "yes" if ln.editorial else "no",
                ln.rationale,
            )
        )
    tables = [parents, children, maps]
    aliases = [a for a in data.aliases if a.alias == item.id]
    if aliases:
        tables.append(
            Table(
                "Stands for",
                ("clauses", "confidence", "note"),
                [(", ".join(a.targets) or "(none)", a.confidence, a.note or "") for a in aliases],
            )
        )
    return Report(f"{cat.key} {item.id}: {item.label}", lines, tables)


def _refs(refs: list[EvidenceRef], w: Words) -> str:
    shown = [f"{r.id} ({r.file})" for r in refs[:MAX_REFS]]
    if len(refs) > MAX_REFS:
        shown.append(w("more", n=len(refs) - MAX_REFS))
    return "\n".join(shown)


def trace_report(result: TraceResult, lang: str | None = None) -> Report:
    """``itsmkit trace``, its words in ``lang`` (default: the result's, see ``TraceResult.lang``).

    CSV headers stay English, like JSON keys: scripts read them.
    """
    w = Words(lang or result.lang)
    c = result.counts
    lines = [
        w("repository", root=result.root),
        w("coverage", score=w.score(result.score), c=c["C"], p=c["P"], n=c["N"], na=c["-"]),
        FORMULA_FR if w.lang == "fr" else FORMULA,
    ]
    group_cols = ("group", "title", "C", "P", "N", "not_assessed", "score")
    groups = Table(w("groups"), tuple(k if k in ("C", "P", "N") else w(k) for k in group_cols))
    for g in result.groups:
        groups.rows.append((*g.cells(), w.score(g.score)))
    clause_cols = ("clause", "title", "status", "evidence", "gaps", "findings", "confidence")
    clauses = Table(w("clauses"), tuple(w(k) for k in clause_cols), status=2)
    for cl in result.assessed:
        clauses.rows.append(
            (
                cl.id,
                cl.title,
                cl.status,
                _refs(cl.evidence, w),
                "\n".join(w.requirement(gap) for gap in cl.gaps),
                "\n".join(f"{f.rule} ({w(f.grade.value)})" for f in cl.findings),
                cl.confidence or "",
            )
        )
    tables = [groups, clauses]
    addressed = [cl for cl in result.not_assessed if cl.addressed_by]
    if addressed:
        tables.append(
            Table(
                w("addressed"),
                (w("clause"), w("title"), w("artefacts")),
                [(cl.id, cl.title, _refs(list(cl.addressed_by), w)) for cl in addressed],
            )
        )
    notes = [w("not_assessed_list", ids=", ".join(cl.id for cl in result.not_assessed))]
    notes += [w("note", text=n) for n in result.notices]
    heading = w("heading", framework=result.framework, title=result.title)
    csv = Table(clauses.title, clause_cols, clauses.rows)
    report = Report(heading, lines, tables, notes, csv=csv)
    if result.via is not None:
        via = result.via
        vc = via.counts
        report.summary.append(
            w(
                "seen_as",
                framework=via.framework,
                score=w.score(via.score),
                c=vc["C"],
                p=vc["P"],
                n=vc["N"],
                na=vc["-"],
                unmapped=len(via.unmapped),
            )
        )
        via_cols = ("item", "title", "status", "from_clauses")
        vt = Table(w("through", framework=via.framework), tuple(w(k) for k in via_cols), status=2)
        for r in via.rows:
            vt.rows.append((r.id, r.title, r.status, ", ".join(via.sources.get(r.id, []))))
        report.tables.append(vt)
        report.notes.append(w("no_mapping", items=", ".join(via.unmapped) or w("none")))
        report.csv = Table(vt.title, ("item", "title", "status", "from clauses"), vt.rows)
    return report


def matrix_report(data: MatrixFile, disagreements: list[Disagreement]) -> Report:
    """``itsmkit trace --matrix dp``."""
    tables: list[Table] = []
    flat = Table(
        "All cells",
        ("package", "matrix", "activity", "title", "coverage", "practice", "comment"),
        status=4,
    )
    for pkg in data.packages:
        for m in pkg.matrices:
            t = Table(
                f"{pkg.id} ({pkg.title.label}) / {m.label}",
                ("activity", "title", "coverage", m.practice_header, "comment"),
                status=2,
            )
            for r in m.rows:
                t.rows.append((r.activity, r.title, r.coverage, r.practice, r.comment))
                flat.rows.append(
                    (pkg.id, m.label, r.activity, r.title, r.coverage, r.practice, r.comment)
                )
            tables.append(t)
    issues = Table(
        "Visible inconsistencies of the seed matrices",
        ("package", "matrix", "activity", "issue", "confidence"),
    )
    for i in data.known_issues:
        issues.rows.append((i.package, i.matrix, i.activity or "(all)", i.issue, i.confidence))
    diff = Table(
        "Where the seed disagrees with itsmkit's reviewed mapping",
        ("package", "matrix", "activity", "seed", "reviewed", "2005 clauses", "mapped to"),
    )
    for d in disagreements:
        diff.rows.append(
            (
                d.package,
                d.matrix,
                d.activity,
                d.seed,
                d.reviewed,
                ", ".join(d.clauses) or "(none)",
                ", ".join(d.targets) or "(none)",
            )
        )
    tables += [issues, diff]
    lines = [
        "Coverage: C complete, P partial, N none, as printed in the deployment packages (Annex D).",
        f"{len(disagreements)} cells differ from itsmkit's reviewed mapping "
        "(editorial, mostly [K]).",
    ]
    return Report("Deployment packages: Annex D reference matrices", lines, tables, csv=flat)


def checklists_list(rows: list[dict[str, Any]]) -> Report:
    """The shipped checklists (rows of :func:`~itsmkit.frameworks.checklist.shipped_checklists`)."""
    table = Table("Checklists", ("id", "applies to", "items", "title", "source"))
    for r in rows:
        table.rows.append((r["id"], r["applies_to"], str(r["items"]), r["title"], r["source"]))
    return Report("Shipped checklists", [], [table])


def checklist_report(result: ChecklistResult) -> Report:
    """``itsmkit checklist``."""
    c = result.counts
    lines = [
        f"Repository: {result.root}",
        f"Items: {c['pass']} pass, {c['fail']} fail, {c['n/a']} not applicable",
    ]
    tables: list[Table] = []
    flat = Table(
        "All items", ("checklist", "artefact", "item", "status", "proof", "clause"), status=3
    )
    for res in result.results:
        t = Table(
            f"{res.title}: {res.artefact} ({res.file})",
            ("item", "status", "proof", "hint"),
            status=1,
        )
        for i in res.items:
            t.rows.append(
                (i.title, i.status, i.proof, (i.hint or "") if i.status == "fail" else "")
            )
            flat.rows.append((res.checklist, res.artefact, i.id, i.status, i.proof, i.clause or ""))
        tables.append(t)
    notes = [f"No artefact to check for: {', '.join(result.empty)}."] if result.empty else []
    return Report("Checklists", lines, tables, notes, csv=flat)
