"""The mock-audit report as a document, in French or English.

Verdict and readiness come first; then scope and method, readiness by clause group,
one block per finding (grade, clause, expected, found, evidence, action) and the clause
table. The same Markdown is the ``--format md`` report and the source of the Word and
PDF reports, so it holds no code spans or other syntax a reader would see literally.
"""

from __future__ import annotations

import dataclasses

from itsmkit.audit.engine import AuditResult
from itsmkit.audit.finding import GRADE_ORDER, STATUS_WORDS, AuditFinding
from itsmkit.audit.french import Translator
from itsmkit.frameworks.clauses import FORMULA, FORMULA_FR
from itsmkit.french import counted
from itsmkit.model.audit import Grade
from itsmkit.render import filters
from itsmkit.render.labels import label

_TEXT: dict[str, dict[str, str]] = {
    "title": {"fr": "Rapport d'audit à blanc", "en": "Mock audit report"},
    "verdict": {"fr": "Verdict et niveau de préparation", "en": "Verdict and readiness"},
    "scope": {"fr": "Périmètre et méthode", "en": "Scope and method"},
    "groups": {"fr": "Préparation par chapitre de la norme", "en": "Readiness by clause group"},
    "findings": {"fr": "Constats", "en": "Findings"},
    "clauses": {"fr": "Statut par chapitre", "en": "Clauses"},
    "notices": {"fr": "Remarques", "en": "Notices"},
    "no_finding": {"fr": "Aucun constat.", "en": "No finding."},
    "standard": {"fr": "Référentiel", "en": "Standard"},
    "as_of": {"fr": "Date de l'audit", "en": "As of"},
    "commit": {"fr": "version du dépôt", "en": "commit"},
    "audited": {"fr": "Artefacts audités", "en": "Artefacts audited"},
    "method": {"fr": "Méthode", "en": "Method"},
    "readiness": {"fr": "Niveau de préparation", "en": "Readiness"},
    "trend": {"fr": "Évolution", "en": "Trend"},
    "grade": {"fr": "Gravité", "en": "Grade"},
    "count": {"fr": "Nombre", "en": "Count"},
    "clause": {"fr": "Chapitre", "en": "Clause"},
    "expected": {"fr": "Attendu", "en": "Expected"},
    "found": {"fr": "Constaté", "en": "Found"},
    "evidence": {"fr": "Preuves", "en": "Evidence"},
    "action": {"fr": "Action recommandée", "en": "Recommended action"},
    "group": {"fr": "Chapitre", "en": "Group"},
    "title_col": {"fr": "Intitulé", "en": "Title"},
    "status": {"fr": "Statut", "en": "Status"},
    "absent": {"fr": "aucune (absent du dépôt)", "en": "none (absent from the repository)"},
    "rules": {"fr": "Règles", "en": "Rules"},
    "coverage": {"fr": "Preuves", "en": "Evidence"},
    "basis": {
        "fr": "Statut de chaque chapitre : les constats des règles qui l'évaluent, sinon les "
        "preuves qu'il exige (C toutes présentes, P certaines, N aucune), comme dans itsmkit "
        "trace.",
        "en": "Each clause's status: the findings of the rules that assess it, else the "
        "evidence it requires (C all met, P some, N none), as in itsmkit trace.",
    },
}
_STATUS = {
    "fr": {
        "conformant": "conforme",
        "partial": "partiellement conforme",
        "nonconformant": "non conforme",
        "not-assessed": "non évalué",
    },
    "en": {
        "conformant": "conformant",
        "partial": "partial",
        "nonconformant": "nonconformant",
        "not-assessed": "not assessed",
    },
}


def standard_name(standard: str, lang: str) -> str:
    """``iso20000-1:2018`` as readers write it: ISO/IEC 20000-1:2018 (ISO/CEI in French)."""
    if standard.startswith("iso20000-"):
        body = standard.removeprefix("iso20000-")
        return f"ISO/{'CEI' if lang == 'fr' else 'IEC'} 20000-{body}"
    return standard


def report_title(result: AuditResult, lang: str) -> str:
    """The report's title, dated."""
    when = filters.date(result.as_of, lang) or str(result.as_of)
    if lang == "fr":
        return f"Rapport d'audit à blanc du {when}"
    return f"Mock audit report, {when}"


def grade_labels(lang: str, custom: dict[str, str] | None = None) -> dict[Grade, str]:
    """Grade names in the language, with the company's own (``audit.labels``) first."""
    out = {g: label(g, lang)[:1].upper() + label(g, lang)[1:] for g in GRADE_ORDER}
    for key, value in (custom or {}).items():
        out[Grade(key)] = value
    return out


def _pct(value: float | None, lang: str) -> str:
    if value is None:
        return "n/a" if lang == "en" else "non calculable"
    return filters.percent(round(value, 1), lang) or ""


def verdict(result: AuditResult, lang: str) -> str:
    """One line a director can act on."""
    if lang != "fr":
        return result.verdict
    major, minor = result.count(Grade.MAJOR), result.count(Grade.MINOR)
    if major:
        return "pas prêt : " + counted(major, "non-conformité majeure", "non-conformités majeures")
    if minor:
        noun = counted(minor, "non-conformité mineure", "non-conformités mineures")
        return f"prêt dès que {noun} {'sera traitée' if minor == 1 else 'seront traitées'}"
    gaps = len(result.evidence_gaps)
    if gaps:
        return f"prêt dès que les preuves {'du chapitre' if gaps == 1 else f'des {gaps} chapitres'} seront complètes"
    return "prêt pour l'audit de certification"


def trend(result: AuditResult, lang: str) -> str:
    """How readiness moved since the previous internal or mock audit."""
    if lang != "fr":
        from itsmkit.audit.printers import _trend

        return _trend(result)
    prev = result.previous
    if prev is None:
        return "aucun audit interne ou à blanc antérieur dans le dépôt"
    when = filters.date(prev.date, "fr")
    if result.trend is None:
        return f"l'audit précédent {prev.id} ({when}) n'a pas de niveau de préparation enregistré"
    sign = "+" if result.trend >= 0 else "−"
    points = filters.number(abs(result.trend), "fr")
    return f"{sign}{points} points depuis {prev.id} ({when}, {_pct(prev.readiness, 'fr')})"


def localise(result: AuditResult, lang: str) -> tuple[AuditResult, Translator]:
    """A copy of the result with its titles and finding texts in ``lang``."""
    tr = Translator(lang=lang, standard=result.standard)
    if lang == "en":
        # The catalog's English titles (the result holds them in the company's language).
        clauses = [dataclasses.replace(c, title=tr.title(c.id, c.title)) for c in result.clauses]
        groups = [dataclasses.replace(g, title=tr.title(g.id, g.title)) for g in result.groups]
        return dataclasses.replace(result, clauses=clauses, groups=groups), tr

    def finding(f: AuditFinding) -> AuditFinding:
        return dataclasses.replace(
            f,
            expected=tr.expected(f.rule, f.expected),
            found=tr.text(f.found),
            recommendation=tr.text(f.recommendation),
        )

    findings = [finding(f) for f in result.findings]
    by_id = {id(old): new for old, new in zip(result.findings, findings, strict=True)}
    clauses = [
        dataclasses.replace(
            c, title=tr.title(c.id, c.title), findings=tuple(by_id[id(f)] for f in c.findings)
        )
        for c in result.clauses
    ]
    groups = [dataclasses.replace(g, title=tr.title(g.id, g.title)) for g in result.groups]
    scope = result.scopes.get(lang) or result.scope
    if lang not in result.scopes and result.scopes:
        tr.untranslated.add(result.scope)
    notices = [tr.text(n) for n in result.notices]
    out = dataclasses.replace(
        result, findings=findings, clauses=clauses, groups=groups, scope=scope, notices=notices
    )
    return out, tr


def language_notice(tr: Translator) -> str | None:
    """What to tell the reader when some texts exist only in another language."""
    if tr.lang == "en" or not tr.untranslated:
        return None
    n = len(tr.untranslated)
    return (
        f"{counted(n, 'texte', 'textes')} de ce rapport "
        f"{'n’existe' if n == 1 else 'n’existent'} qu'en anglais et "
        f"{'est cité' if n == 1 else 'sont cités'} en anglais."
    )


def _cell(text: str) -> str:
    return filters.escape_markdown(filters.one_line(text))


def _evidence(f: AuditFinding, lang: str) -> str:
    shown = [_TEXT["absent"][lang] if e == "absent" else e for e in f.evidence]
    return "; ".join(shown)


def to_markdown(
    result: AuditResult, custom_labels: dict[str, str] | None = None, lang: str = "en"
) -> str:
    """The mock audit report as Markdown in ``lang``."""
    shown, tr = localise(result, lang)
    names = grade_labels(lang, custom_labels)
    t = {k: v[lang] for k, v in _TEXT.items()}
    colon = "\u00a0:" if lang == "fr" else ":"
    when = filters.date(shown.as_of, lang) or str(shown.as_of)
    out: list[str] = [
        f"# {t['title']} — {_cell(shown.organisation)}",
        "",
        f"**{t['standard']}{colon}** {standard_name(shown.standard, lang)} — "
        f"**{t['as_of']}{colon}** {when}",
        "",
        "<!-- toc -->",
        "",
        f"## 1. {t['verdict']}",
        "",
        f"**{_cell(verdict(shown, lang)).capitalize()}.**",
        "",
        f"| {t['readiness']} | {t['trend']} |",
        "| --- | --- |",
        f"| **{_pct(shown.readiness, lang)}** | {_cell(trend(shown, lang))} |",
        "",
        f"| {t['grade']} | {t['count']} |",
        "| --- | ---: |",
    ]
    out += [f"| {_cell(names[g])} | {shown.count(g)} |" for g in GRADE_ORDER]
    revision = f" ({t['commit']} {shown.revision[:12]})" if shown.revision else ""
    formula = FORMULA_FR if lang == "fr" else FORMULA
    records = counted(shown.records, "enregistrement", "enregistrements", lang)
    if lang == "en":
        records = counted(shown.records, "record", "records", lang)
    out += [
        "",
        f"## 2. {t['scope']}",
        "",
        _cell(shown.scope),
        "",
        f"- **{t['as_of']}{colon}** {when}{revision}",
        f"- **{t['audited']}{colon}** {shown.artefacts} ({records})",
        f"- **{t['method']}{colon}** {_cell(formula)}",
        "",
        f"## 3. {t['groups']}",
        "",
        f"| {t['group']} | {t['title_col']} | C | P | N | {_STATUS[lang]['not-assessed']} "
        f"| {t['readiness']} |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for g in shown.groups:
        out.append(
            f"| {g.id} | {_cell(g.title)} | {g.conformant} | {g.partial} | {g.nonconformant} "
            f"| {g.not_assessed} | {_pct(g.readiness, lang)} |"
        )
    out += ["", f"## 4. {t['findings']}", ""]
    if not shown.findings:
        out += [t["no_finding"], ""]
    titles = {c.id: c.title for c in shown.clauses}
    n = 0
    for grade in GRADE_ORDER:
        found = [f for f in shown.findings if f.grade is grade]
        if not found:
            continue
        out += [f"### {_cell(names[grade])} ({len(found)})", ""]
        for f in found:
            n += 1
            clause = f"{f.clause} {titles.get(f.clause, '')}".strip()
            out += [
                f"#### 4.{n}. {_cell(clause)}",
                "",
                f"| {t['grade']} | {_cell(names[f.grade])} |",
                "| --- | --- |",
                f"| {t['clause']} | {_cell(clause)} |",
                f"| {t['expected']} | {_cell(f.expected)} |",
                f"| {t['found']} | {_cell(f.found)} |",
                f"| {t['evidence']} | {_cell(_evidence(f, lang))} |",
                f"| {t['action']} | {_cell(f.recommendation)} |",
                "",
            ]
    out += [
        f"## 5. {t['clauses']}",
        "",
        t["basis"],
        "",
        f"| {t['clause']} | {t['title_col']} | {t['status']} | {t['coverage']} "
        f"| {t['rules']} | {t['findings']} |",
        "| --- | --- | --- | :---: | ---: | ---: |",
    ]
    for c in sorted(shown.clauses, key=lambda c: [int(x) for x in c.id.split(".")]):
        out.append(
            f"| {c.id} | {_cell(c.title)} | {_STATUS[lang][STATUS_WORDS[c.status]]} "
            f"| {c.coverage if c.requirements else ''} | {len(c.rules)} | {len(c.findings)} |"
        )
    notices = list(shown.notices)
    note = language_notice(tr)
    if note:
        notices.append(note)
    if notices:
        out += ["", f"## 6. {t['notices']}", ""] + [f"- {_cell(x)}" for x in notices]
    rules = f"itsmkit, {standard_name(shown.standard, lang)}"
    out += ["", f"*{t['rules']}{colon} {rules}.*", ""]
    return "\n".join(out)


def report_id(result: AuditResult) -> str:
    """The id the report would have if recorded with ``--write``."""
    return f"AUD-MOCK-{result.as_of.strftime('%Y%m%d')}"


def cover_rows(result: AuditResult, lang: str) -> tuple[tuple[str, str], ...]:
    """Lines of the Word report's cover page."""
    from itsmkit.render.labels import COVER

    rows: list[tuple[str, str]] = [
        (COVER["standard"][lang], standard_name(result.standard, lang)),
        (COVER["date"][lang], filters.date(result.as_of, lang) or str(result.as_of)),
        (_TEXT["readiness"][lang], _pct(result.readiness, lang)),
    ]
    return tuple(rows)
