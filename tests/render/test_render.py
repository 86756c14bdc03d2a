import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from conftest import FIXTURE, GOLDEN, UPDATE_GOLDEN
from itsmkit.cli.app import app
from itsmkit.errors import UsageError, WriteConflictError
from itsmkit.render.context import RENDERABLE
from itsmkit.render.engine import TemplateRenderError
from itsmkit.render.labels import CONTENTS
from itsmkit.render.markdown import finish
from itsmkit.render.renderer import Session, render_all, render_one

TODAY = dt.date(2026, 6, 1)
runner = CliRunner()


def _cases() -> list[tuple[str, str, str]]:
    session = Session.open(FIXTURE, today=TODAY)
    arts = sorted(
        (i.artefact for i in session.repo.artefacts if i.artefact.kind in RENDERABLE),
        key=lambda a: (a.kind, a.id),
    )
    return [(a.kind, a.id, lang) for a in arts for lang in ("fr", "en")]


CASES = _cases()


def test_every_renderable_kind_has_a_fixture():
    assert {kind for kind, _, _ in CASES} == set(RENDERABLE)


@pytest.mark.parametrize(("kind", "artefact_id", "lang"), CASES)
def test_golden_markdown(kind, artefact_id, lang):
    session = Session.open(FIXTURE, today=TODAY)
    raw, _ = session.markdown(session.find(kind, artefact_id), lang)
    text = finish(raw, CONTENTS[lang])
    golden = GOLDEN / f"{artefact_id}.{lang}.md"
    if UPDATE_GOLDEN:
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with ITSMKIT_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def _docx(path: Path) -> docx.document.Document:
    return docx.Document(str(path))


def _headings(doc) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]


# The SLA template's first nine sections: one per Annex C item, in the checklist's order.
SLA_SECTIONS_FR = [
    "Numéro SLA",
    "Client",
    "Préambule",
    "Description du service",
    "Objectifs du service",
    "Heures de service",
    "Limites de capacité",
    "Droits et devoirs du fournisseur",
    "Droits et devoirs du client",
]
SLA_SECTIONS_EN = [
    "SLA number",
    "Customer",
    "Preamble",
    "Service description",
    "Service objectives",
    "Service hours",
    "Capacity limits",
    "Provider's rights and duties",
    "Customer's rights and duties",
]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sla_docx_is_a_contract(company, tmp_path, lang):
    result = render_one(
        company,
        "sla",
        "SLA-ACME",
        formats=("docx",),
        langs=(lang,),
        output=tmp_path / "out",
        today=TODAY,
    )
    [out] = result.outputs
    doc = _docx(out.path)
    headings = [text for style, text in _headings(doc) if style == "Heading 1"]
    labels = SLA_SECTIONS_FR if lang == "fr" else SLA_SECTIONS_EN
    # every Annex C item has its Heading 1, in the checklist's order
    positions = [next(i for i, h in enumerate(headings) if h.endswith(label)) for label in labels]
    assert positions == sorted(positions)
    # a cover page: company first, then the title, then id, customer, version, status, date
    assert doc.paragraphs[0].text == "Hébergement Test SARL"
    cover = [p.text for p in doc.paragraphs[:12]]
    assert any(p.style.name == "Title" for p in doc.paragraphs[:6])
    assert any("SLA-ACME" in line for line in cover)
    assert any("ACME Industrie" in line and ":" in line for line in cover)  # the customer
    assert doc.sections[0].different_first_page_header_footer
    # the signature table names both parties
    signature = doc.tables[-1]
    assert len(signature.rows) == 5
    text = " ".join(c.text for row in signature.rows for c in row.cells)
    assert "Claire Martin" in text and "Paul Lefèvre" in text
    # the service-level table has one row per priority plus the header
    targets = next(t for t in doc.tables if t.rows[0].cells[0].text in ("Priorité", "Priority"))
    assert [r.cells[0].text for r in targets.rows[1:]] == ["P1", "P2"]
    # header and footer carry company, id and version, and the footer a PAGE field
    section = doc.sections[0]
    assert "SLA-ACME — v1.0" in section.header.paragraphs[0].text
    assert "Hébergement Test SARL" in section.footer.paragraphs[0].text
    assert "PAGE" in section.footer._element.xml
    assert "DRAFT" not in section.header._element.xml
    assert not any("BROUILLON" in p.text or "DRAFT" in p.text for p in doc.paragraphs[:12])


def test_draft_mark_only_on_drafts(company, tmp_path):
    result = render_one(
        company,
        "sla",
        "SLA-GLOBEX",
        formats=("md", "docx"),
        langs=("fr", "en"),
        output=tmp_path / "out",
        today=TODAY,
    )
    by = {(o.lang, o.fmt): o.path for o in result.outputs}
    assert by[("fr", "md")].read_text(encoding="utf-8").startswith("> **BROUILLON**")
    assert by[("en", "md")].read_text(encoding="utf-8").startswith("> **DRAFT**")
    for lang, mark in (("fr", "BROUILLON"), ("en", "DRAFT")):
        doc = _docx(by[(lang, "docx")])
        assert any(mark in p.text for p in doc.paragraphs[:8])  # on the cover
        assert any(mark in p.text for p in doc.sections[0].header.paragraphs)


def test_uc_carries_the_sla_targets(company, tmp_path):
    [out] = render_one(
        company, "uc", "UC-DC", formats=("docx",), langs=("fr",), output=tmp_path / "o", today=TODAY
    ).outputs
    doc = _docx(out.path)
    header = "Engagement envers le client"
    carried = next(t for t in doc.tables if t.rows[0].cells[1].text == header)
    rows = [[c.text for c in r.cells] for r in carried.rows[1:]]
    assert rows[0] == ["Disponibilité", "99,5\u00a0%", "99,9\u00a0%"]
    assert ["Résolution P2", "1\u00a0jour", "2\u00a0jours"] in rows


def test_service_report_compares_and_lists_actions(company, tmp_path):
    [out] = render_one(
        company,
        "service-report",
        "RS-ACME-2025-03",
        formats=("docx",),
        langs=("en",),
        output=tmp_path / "o",
        today=TODAY,
    ).outputs
    doc = _docx(out.path)
    measured = next(t for t in doc.tables if t.rows[0].cells[0].text == "Indicator")
    assert [r.cells[3].text for r in measured.rows[1:]] == ["yes", "no"]
    actions = next(t for t in doc.tables if t.rows[0].cells[0].text == "Action")
    assert [r.cells[0].text for r in actions.rows[1:]] == ["ACT-001", "ACT-002"]


def test_audit_report_has_every_part(company, tmp_path):
    [out] = render_one(
        company,
        "audit-report",
        "AUD-2025",
        formats=("docx",),
        langs=("en",),
        output=tmp_path / "o",
        today=TODAY,
    ).outputs
    headings = [t for _, t in _headings(_docx(out.path))]
    for part in (
        "Scope and objectives",
        "Method",
        "Auditors and auditees",
        "Strengths",
        "Findings",
        "Minor nonconformities",
        "Action plan",
        "Conclusion",
    ):
        assert any(h.endswith(part) for h in headings), part


def test_language_defaults_to_the_customer(company, tmp_path):
    result = render_one(company, "sla", "SLA-GLOBEX", output=tmp_path / "o", today=TODAY)
    assert [o.path.name for o in result.outputs] == ["SLA-GLOBEX.en.md"]
    result = render_one(company, "policy", "POL-SMS", output=tmp_path / "o", today=TODAY)
    assert [o.path.name for o in result.outputs] == ["POL-SMS.fr.md"]


def test_output_is_deterministic(company, tmp_path):
    a = render_one(
        company, "sla", "SLA-ACME", formats=("md", "docx"), output=tmp_path / "a", today=TODAY
    )
    b = render_one(
        company, "sla", "SLA-ACME", formats=("md", "docx"), output=tmp_path / "b", today=TODAY
    )
    for x, y in zip(a.outputs, b.outputs, strict=True):
        assert x.path.read_bytes() == y.path.read_bytes()
    docx_bytes = next(o for o in a.outputs if o.fmt == "docx").path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"


def test_never_overwrites_a_differing_file(company, tmp_path):
    out = tmp_path / "o"
    render_one(company, "policy", "POL-SMS", output=out, today=TODAY)
    again = render_one(company, "policy", "POL-SMS", output=out, today=TODAY)
    assert [o.status for o in again.outputs] == ["unchanged"]
    (out / "POL-SMS.fr.md").write_text("edited by hand\n", encoding="utf-8")
    with pytest.raises(WriteConflictError):
        render_one(company, "policy", "POL-SMS", output=out, today=TODAY)
    assert (out / "POL-SMS.fr.md").read_text(encoding="utf-8") == "edited by hand\n"
    forced = render_one(company, "policy", "POL-SMS", output=out, force=True, today=TODAY)
    assert [o.status for o in forced.outputs] == ["overwritten"]


def test_refuses_an_artefact_with_errors(company, tmp_path):
    path = company / "governance" / "POL-SMS.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("owner: P-DIR", "owner: P-NOBODY"),
        encoding="utf-8",
    )
    result = render_one(company, "policy", "POL-SMS", output=tmp_path / "o", today=TODAY)
    assert result.failed and not result.outputs
    assert result.refused[0].issues
    forced = render_one(
        company, "policy", "POL-SMS", output=tmp_path / "o", force=True, today=TODAY
    )
    assert forced.outputs and not forced.refused


def test_company_template_overrides_the_built_in_one(company, tmp_path):
    (company / "templates").mkdir()
    (company / "templates" / "policy.fr.md.j2").write_text(
        "# {{ doc.title | t }}\n\nMaison : {{ org }} — {{ doc.statement | t }}\n", encoding="utf-8"
    )
    [out] = render_one(company, "policy", "POL-SMS", output=tmp_path / "o", today=TODAY).outputs
    assert out.template == "templates/policy.fr.md.j2"
    assert "Maison : Hébergement Test SARL" in out.path.read_text(encoding="utf-8")
    # the English one is still the built-in template
    [out] = render_one(
        company, "policy", "POL-SMS", langs=("en",), output=tmp_path / "o", today=TODAY
    ).outputs
    assert out.template == "itsmkit:templates/policy.en.md.j2"


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ doc.__class__.__init__.__globals__ }}",
        "{{ name.__globals__ }}",
    ],
)
def test_sandbox_blocks_python_internals(company, tmp_path, body):
    (company / "templates").mkdir()
    (company / "templates" / "policy.fr.md.j2").write_text(f"line one\n{body}\n", encoding="utf-8")
    with pytest.raises(TemplateRenderError) as caught:
        render_one(company, "policy", "POL-SMS", output=tmp_path / "o", today=TODAY)
    assert caught.value.template == "templates/policy.fr.md.j2"
    assert caught.value.line == 2
    assert not (tmp_path / "o").exists()


def test_missing_variable_names_template_and_line(company, tmp_path):
    (company / "templates").mkdir()
    (company / "templates" / "policy.fr.md.j2").write_text(
        "# {{ doc.title | t }}\n\n{{ doc.no_such_field }}\n", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["render", "policy", "POL-SMS", "-C", str(company), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "templates/policy.fr.md.j2:3:" in result.output
    assert "no_such_field" in result.output
    assert "Traceback" not in result.output


def test_template_syntax_error_is_located(company, tmp_path):
    (company / "templates").mkdir()
    (company / "templates" / "policy.fr.md.j2").write_text("ok\n{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateRenderError) as caught:
        render_one(company, "policy", "POL-SMS", output=tmp_path / "o", today=TODAY)
    assert caught.value.line == 2


def test_values_cannot_break_markdown(company, tmp_path):
    [out] = render_one(company, "sla", "SLA-ACME", output=tmp_path / "o", today=TODAY).outputs
    text = out.path.read_text(encoding="utf-8")
    assert "spéciaux \\| \\* \\_ \\# \\< restent" in text


def test_reference_docx_styles_the_output(company, tmp_path):
    reference = docx.Document()
    reference.styles["Heading 1"].font.size = docx.shared.Pt(23)
    reference.sections[0].header.paragraphs[0].text = "LETTERHEAD"
    reference.add_paragraph("body of the reference, dropped")
    reference.save(str(company / "ref.docx"))
    config = company / "itsmkit.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "reference_docx: ref.docx\n", encoding="utf-8"
    )
    [out] = render_one(
        company, "policy", "POL-SMS", formats=("docx",), output=tmp_path / "o", today=TODAY
    ).outputs
    doc = _docx(out.path)
    assert doc.styles["Heading 1"].font.size == docx.shared.Pt(23)
    assert doc.sections[0].header.paragraphs[0].text == "LETTERHEAD"
    assert all("dropped" not in p.text for p in doc.paragraphs)


def test_docxtpl_template_takes_precedence(company, tmp_path):
    pytest.importorskip("docxtpl")
    config = company / "itsmkit.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Hébergement Test SARL", "Martin & Fils"),
        encoding="utf-8",
    )
    template = docx.Document()
    template.add_paragraph("Contrat {{ doc.number }} entre {{ org }} et {{ customer.name }}")
    template.add_paragraph("Disponibilité : {{ doc.targets.availability | percent }}")
    (company / "templates").mkdir()
    template.save(str(company / "templates" / "sla.fr.docx"))
    outs = render_one(
        company, "sla", "SLA-ACME", formats=("md", "docx"), output=tmp_path / "o", today=TODAY
    ).outputs
    by = {o.fmt: o for o in outs}
    assert by["docx"].template == "templates/sla.fr.docx"
    texts = [p.text for p in _docx(by["docx"].path).paragraphs]
    assert texts == [
        "Contrat SLA-2025-001 entre Martin & Fils et ACME Industrie",
        "Disponibilité : 99,5\u00a0%",
    ]
    # the Markdown still comes from the built-in template
    assert by["md"].template == "itsmkit:templates/sla.fr.md.j2"
    again = render_one(
        company, "sla", "SLA-ACME", formats=("docx",), output=tmp_path / "p", today=TODAY
    ).outputs[0]
    assert (
        hashlib.sha256(again.path.read_bytes()).digest()
        == hashlib.sha256(by["docx"].path.read_bytes()).digest()
    )


def test_render_all_writes_an_index(company, tmp_path):
    out = tmp_path / "all"
    result = render_all(company, output=out, today=TODAY)
    assert not result.refused
    names = {o.path.name for o in result.outputs}
    assert "index.md" in names and "SLA-ACME.fr.docx" in names and "SLA-GLOBEX.en.md" in names
    index = (out / "index.md").read_text(encoding="utf-8")
    for name in names - {"index.md"}:
        assert f"({name})" in index.replace("\\", "")


def test_usage_errors_are_clear(company, tmp_path):
    with pytest.raises(UsageError, match="no sla with id 'SLA-NOPE'"):
        render_one(company, "sla", "SLA-NOPE", today=TODAY)
    with pytest.raises(UsageError, match="UC-DC is a uc, not a sla"):
        render_one(company, "sla", "UC-DC", today=TODAY)
    with pytest.raises(UsageError, match="cannot render kind 'incident'"):
        render_one(company, "incident", "INC-0042", today=TODAY)
    with pytest.raises(UsageError, match="unknown format xls"):
        render_one(company, "sla", "SLA-ACME", formats=("xls",), today=TODAY)
    with pytest.raises(UsageError, match="names one file"):
        render_one(
            company,
            "sla",
            "SLA-ACME",
            formats=("md", "docx"),
            output=tmp_path / "x.md",
            today=TODAY,
        )


def test_cli_renders_and_exits_cleanly(company, tmp_path):
    out = tmp_path / "o"
    result = runner.invoke(
        app,
        [
            "render",
            "sla",
            "SLA-ACME",
            "-C",
            str(company),
            "-o",
            str(out),
            "--format",
            "md",
            "--format",
            "docx",
            "--lang",
            "fr",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (out / "SLA-ACME.fr.docx").is_file() and (out / "SLA-ACME.fr.md").is_file()
    (out / "SLA-ACME.fr.md").write_text("changed", encoding="utf-8")
    result = runner.invoke(app, ["render", "sla", "SLA-ACME", "-C", str(company), "-o", str(out)])
    assert result.exit_code == 2
    assert "refusing to overwrite" in result.output


def test_cli_lists_validation_errors_and_exits_1(company, tmp_path):
    path = company / "governance" / "POL-SMS.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("owner: P-DIR", "owner: P-NOBODY"),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["render", "policy", "POL-SMS", "-C", str(company), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "refused policy POL-SMS" in result.output
    assert "POL-SMS.yaml:" in result.output


def test_every_option_has_help():
    result = runner.invoke(app, ["render", "--help"])
    assert result.exit_code == 0
    for option in ("--format", "--lang", "--output", "--repo", "--force"):
        assert option in result.output


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "alpes-hebergement"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_example_slas_are_contracts(tmp_path, lang):
    session = Session.open(EXAMPLE)
    slas = sorted(i.artefact.id for i in session.repo.by_kind("sla"))
    assert slas
    for sla in slas:
        result = render_one(EXAMPLE, "sla", sla, formats=("docx",), langs=(lang,), output=tmp_path)
        assert not result.refused, result.refused
        doc = _docx(result.outputs[0].path)
        headings = [text for style, text in _headings(doc) if style == "Heading 1"]
        for label in SLA_SECTIONS_FR if lang == "fr" else SLA_SECTIONS_EN:
            assert any(h.endswith(label) for h in headings), (sla, label)
        assert "(non renseigné)" not in " ".join(p.text for p in doc.paragraphs)


def test_example_renders_every_kind(tmp_path):
    result = render_all(EXAMPLE, formats=("md",), output=tmp_path)
    assert not result.refused
    present = {i.artefact.kind for i in Session.open(EXAMPLE).repo.artefacts} & set(RENDERABLE)
    assert {"sla", "uc", "service-report", "audit-report"} <= present
    assert {o.kind for o in result.outputs} == {*present, "index"}
