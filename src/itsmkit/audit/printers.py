"""Printers for the mock audit: Markdown (for the audit folder), JSON, rich text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from itsmkit.audit.engine import AuditResult
from itsmkit.audit.finding import GRADE_ORDER, STATUS_WORDS
from itsmkit.envelope import dumps, envelope
from itsmkit.frameworks.clauses import FORMULA
from itsmkit.model.audit import Grade

if TYPE_CHECKING:
    from rich.console import Console

DEFAULT_LABELS = {
    Grade.MAJOR: "Major nonconformity",
    Grade.MINOR: "Minor nonconformity",
    Grade.OBSERVATION: "Observation",
    Grade.OPPORTUNITY: "Opportunity for improvement",
}


def labels(custom: dict[str, str] | None = None) -> dict[Grade, str]:
    """Grade labels, with the company's overrides (``audit.labels`` in itsmkit.yaml)."""
    out = dict(DEFAULT_LABELS)
    for key, value in (custom or {}).items():
        out[Grade(key)] = value
    return out


def to_file_format(result: AuditResult, fmt: str, lang: str = "en") -> str | bytes:
    """The report as a file's content in ``lang``: ``md``, ``json``, ``docx``, ``pdf`` or ``xlsx``.

    ``text`` sent to a file is the Markdown report: plain text that reads well as a file.
    """
    from itsmkit.audit.report_doc import localise, to_markdown

    custom = result.labels
    if fmt == "json":
        return to_json(localise(result, lang)[0])
    if fmt == "xlsx":
        from itsmkit.audit.sheets import audit_sheets
        from itsmkit.report.xlsx import workbook_bytes

        return workbook_bytes(audit_sheets(result, custom))
    if fmt in ("docx", "pdf"):
        from itsmkit.audit.docx import docx_bytes, pdf_bytes

        build = pdf_bytes if fmt == "pdf" else docx_bytes
        return build(result, custom, lang, result.page_size)
    return to_markdown(result, custom, lang)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def _trend(result: AuditResult) -> str:
    if result.previous is None:
        return "no earlier internal or mock audit in the repository"
    if result.trend is None:
        return f"previous audit {result.previous.id} ({result.previous.date}) recorded no readiness figure"
    sign = "+" if result.trend >= 0 else ""
    return f"{sign}{result.trend:.1f} points since {result.previous.id} ({result.previous.date}, {_pct(result.previous.readiness)})"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(result: AuditResult, custom_labels: dict[str, str] | None = None) -> str:
    """The mock audit report as Markdown, ready for the audit folder."""
    names = labels(custom_labels)
    out = [
        f"# Mock audit report: {result.organisation}",
        "",
        f"- Standard: {result.standard}",
        f"- As of: {result.as_of}"
        + (f" (commit {result.revision[:12]})" if result.revision else ""),
        f"- Scope: {result.scope}",
        f"- Artefacts audited: {result.artefacts} ({result.records} records)",
        "",
        "## Verdict",
        "",
        f"**{result.verdict}.** Readiness {_pct(result.readiness)}; trend: {_trend(result)}.",
        "",
        " · ".join(f"{names[g]}: {result.count(g)}" for g in GRADE_ORDER),
        "",
        "## Readiness by clause group",
        "",
        "| group | title | C | P | N | not assessed | readiness |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for g in result.groups:
        out.append(
            f"| {g.id} | {g.title} | {g.conformant} | {g.partial} | {g.nonconformant} | "
            f"{g.not_assessed} | {_pct(g.readiness)} |"
        )
    out += ["", f"Method: {FORMULA}", "", "## Findings", ""]
    if not result.findings:
        out.append("No finding.")
    for grade in GRADE_ORDER:
        found = [f for f in result.findings if f.grade is grade]
        if not found:
            continue
        out += [f"### {names[grade]} ({len(found)})", ""]
        for f in found:
            out += [
                f"- **{f.clause}** `{f.rule}`: {_md_escape(f.found)}",
                f"  - Expected: {_md_escape(f.expected)}",
                f"  - Evidence: {', '.join(f'`{e}`' if e != 'absent' else 'absent' for e in f.evidence)}",
                f"  - Recommended action: {_md_escape(f.recommendation)}",
            ]
        out.append("")
    out += [
        "## Clauses",
        "",
        "| clause | title | status | findings |",
        "| --- | --- | --- | ---: |",
    ]
    for c in sorted(result.clauses, key=lambda c: [int(x) for x in c.id.split(".")]):
        out.append(f"| {c.id} | {c.title} | {STATUS_WORDS[c.status]} | {len(c.findings)} |")
    if result.notices:
        out += ["", "## Notices", ""] + [f"- {n}" for n in result.notices]
    out += ["", f"Rules: {result.source}.", ""]
    return "\n".join(out)


def to_dict(result: AuditResult) -> dict[str, Any]:
    """Plain data of the result (inside the JSON envelope)."""
    return {
        "root": str(result.root),
        "organisation": result.organisation,
        "standard": result.standard,
        "as_of": result.as_of.isoformat(),
        "revision": result.revision,
        "verdict": result.verdict,
        "readiness": result.readiness,
        "trend": result.trend,
        "previous": None
        if result.previous is None
        else {
            "id": result.previous.id,
            "date": result.previous.date.isoformat(),
            "readiness": result.previous.readiness,
        },
        "counts": {g.value: result.count(g) for g in GRADE_ORDER},
        "groups": [
            {
                "id": g.id,
                "title": g.title,
                "conformant": g.conformant,
                "partial": g.partial,
                "nonconformant": g.nonconformant,
                "not_assessed": g.not_assessed,
                "readiness": g.readiness,
            }
            for g in result.groups
        ],
        "clauses": [
            {
                "id": c.id,
                "title": c.title,
                "group": c.group,
                "status": STATUS_WORDS[c.status],
                "coverage": c.coverage,
                "gaps": c.gaps,
                "rules": list(c.rules),
                "findings": [f.rule for f in c.findings],
                "basis": c.basis,
            }
            for c in result.clauses
        ],
        "findings": [f.to_dict() for f in result.findings],
        "notices": result.notices,
        "artefacts": result.artefacts,
        "records": result.records,
        "formula": FORMULA,
        "source": result.source,
    }


def to_json(result: AuditResult) -> str:
    """The versioned JSON envelope for CI."""
    return dumps(envelope("audit", to_dict(result)))


_STYLE = {
    Grade.MAJOR: "bold red",
    Grade.MINOR: "yellow",
    Grade.OBSERVATION: "cyan",
    Grade.OPPORTUNITY: "green",
}


# A run of quoted passages, e.g. every behaviour of a competency level (seed 003).
_QUOTED_RUN = re.compile(r"(« [^«»]+ »)((?:\s+« [^«»]+ »)+)")


def short_action(text: str, lang: str = "en") -> str:
    """``text`` for a terminal: each run of quoted passages cut to its first one.

    The competence finding's action quotes every behaviour of the level asked (seed 003),
    a dozen lines on a terminal; the terminal shows the first and says how many more the
    full report (``-f md``, ``docx``, ``json``; ``--write``) quotes in full.
    """
    from itsmkit.french import plural

    def cut(match: re.Match[str]) -> str:
        more = match.group(2).count("«")
        if lang == "fr":
            rest = f"+{more} {plural(more, 'autre', 'autres')} dans le rapport complet"
            return f"{match.group(1)} … ({rest}\u00a0: -f md, docx ou json)"
        return f"{match.group(1)} … (+{more} more in the full report: -f md, docx or json)"

    return _QUOTED_RUN.sub(cut, text)


def print_text(
    result: AuditResult,
    console: Console,
    custom_labels: dict[str, str] | None = None,
    lang: str = "en",
) -> None:
    """A terminal report: verdict, groups table, findings (texts already in ``lang``)."""
    from rich.table import Table
    from rich.text import Text

    from itsmkit.audit.report_doc import _pct, grade_labels, trend, verdict
    from itsmkit.french import de
    from itsmkit.render.filters import date

    fr = lang == "fr"
    names = grade_labels(lang, custom_labels) if fr else labels(custom_labels)
    title = (
        f"Audit à blanc {de(result.organisation)} selon {result.standard}, "
        f"au {date(result.as_of, 'fr')}"
        if fr
        else f"Mock audit of {result.organisation} against {result.standard}, as of {result.as_of}"
    )
    console.print(Text(title, style="bold"))
    style = (
        "bold red"
        if result.count(Grade.MAJOR)
        else ("yellow" if result.count(Grade.MINOR) else "bold green")
    )
    word = "préparation" if fr else "readiness"
    console.print(
        Text(
            f"{verdict(result, lang)} — {word} {_pct(result.readiness, lang)} "
            f"({trend(result, lang)})",
            style=style,
        )
    )
    table = Table(show_edge=False, pad_edge=False)
    heads = (
        ("chapitre", "intitulé", "C", "P", "N", "n.é.", "préparation")
        if fr
        else ("group", "title", "C", "P", "N", "n/a", "readiness")
    )
    for n, col in enumerate(heads):
        table.add_column(col, justify="right" if n >= 2 else "left")
    for g in result.groups:
        table.add_row(
            g.id,
            g.title,
            str(g.conformant),
            str(g.partial),
            str(g.nonconformant),
            str(g.not_assessed),
            _pct(g.readiness, lang),
        )
    console.print(table)
    evidence, action = ("preuves\u00a0", "action\u00a0") if fr else ("evidence", "action")
    for f in result.findings:
        line = Text()
        line.append(f"{names[f.grade]:<28}", style=_STYLE[f.grade])
        line.append(f"{f.clause:<7} ", style="bold")
        line.append(f.found)
        console.print(line)
        console.print(Text(f"{'':28}{'':8}{evidence}: {', '.join(f.evidence)}", style="dim"))
        shown = short_action(f.recommendation, lang)
        console.print(Text(f"{'':28}{'':8}{action}: {shown}", style="dim italic"))
    for notice in result.notices:
        console.print(Text(f"{'remarque' if fr else 'note'}: {notice}", style="magenta"))
