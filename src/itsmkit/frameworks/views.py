"""Turn framework results into printable reports (headings, summaries, tables)."""

from __future__ import annotations

from typing import Any

from itsmkit.frameworks.catalog import Catalog, summary
from itsmkit.frameworks.checklist import ChecklistResult
from itsmkit.frameworks.clauses import FORMULA
from itsmkit.frameworks.coverage import TraceResult
from itsmkit.frameworks.evidence import EvidenceRef
from itsmkit.frameworks.mapping import Link
from itsmkit.frameworks.matrix import Disagreement
from itsmkit.frameworks.printers import Report, Table
from itsmkit.frameworks.schema.base import CONFIDENCE_LABELS
from itsmkit.frameworks.schema.matrix import MatrixFile

MAX_REFS = 4


def _refs(refs: list[EvidenceRef]) -> str:
    shown = [f"{r.id} ({r.file})" for r in refs[:MAX_REFS]]
    if len(refs) > MAX_REFS:
        shown.append(f"+{len(refs) - MAX_REFS} more")
    return "\n".join(shown)


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} %"


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


def trace_report(result: TraceResult) -> Report:
    """``itsmkit trace --framework ...``."""
    c = result.counts
    lines = [
        f"Repository: {result.root}",
        f"Coverage: {_score(result.score)} "
        f"(C {c['C']}, P {c['P']}, N {c['N']}; {c['-']} clauses not assessed)",
        FORMULA,
    ]
    groups = Table("By clause group", ("group", "title", "C", "P", "N", "not assessed", "score"))
    for g in result.groups:
        groups.rows.append((*g.cells(), _score(g.score)))
    clauses = Table(
        "Clauses",
        ("clause", "title", "status", "evidence", "gaps", "findings", "confidence"),
        status=2,
    )
    for cl in result.assessed:
        clauses.rows.append(
            (
                cl.id,
                cl.title,
                cl.status,
                _refs(cl.evidence),
                "\n".join(cl.gaps),
                "\n".join(f"{f.rule} ({f.grade.value})" for f in cl.findings),
                cl.confidence or "",
            )
        )
    tables = [groups, clauses]
    addressed = [cl for cl in result.not_assessed if cl.addressed_by]
    if addressed:
        tables.append(
            Table(
                "Not assessed but named in addresses:",
                ("clause", "title", "artefacts"),
                [(cl.id, cl.title, _refs(list(cl.addressed_by))) for cl in addressed],
            )
        )
    notes = [
        "Not assessed (no evidence requirement and no audit rule): "
        + ", ".join(cl.id for cl in result.not_assessed)
        + "."
    ]
    notes += [f"Note: {n}." for n in result.notices]
    report = Report(
        f"Coverage of {result.framework}: {result.title}", lines, tables, notes, csv=clauses
    )
    if result.via is not None:
        via = result.via
        vc = via.counts
        report.summary.append(
            f"Seen as {via.framework}: {_score(via.score)} (C {vc['C']}, P {vc['P']}, N {vc['N']}, "
            f"{vc['-']} not assessed; {len(via.unmapped)} items with no mapping)"
        )
        vt = Table(
            f"Through the mapping to {via.framework}",
            ("item", "title", "status", "from clauses"),
            status=2,
        )
        for r in via.rows:
            vt.rows.append((r.id, r.title, r.status, ", ".join(via.sources.get(r.id, []))))
        report.tables.append(vt)
        report.notes.append(f"No mapping for: {', '.join(via.unmapped) or '(none)'}.")
        report.csv = vt
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
