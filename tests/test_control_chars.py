"""Control characters and line separators in text: validate reports them, render survives.

Word documents are XML 1.0 and cannot hold C0 controls, lone surrogates or U+FFFE/U+FFFF;
NEL, U+2028 and U+2029 are legal XML but break lines, and so could inject Markdown
structure. YAML lets them in through double-quoted escapes; libyaml refuses most of them
written raw. Each form is tried here as it really behaves.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from itsmkit.cli.app import app
from itsmkit.render.docx_writer import DocMeta, write_docx
from itsmkit.render.filters import escape_markdown
from itsmkit.render.markdown import Heading, Paragraph, Run, finish, parse
from itsmkit.repo.yamlread import read
from itsmkit.textsafe import clean, has_unsafe

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "render" / "company"
SLA = "agreements/SLA-ACME.yaml"
TEXT_LINE = "  text: Les parties conviennent de ce qui suit.\n"
runner = CliRunner()


@pytest.fixture
def company(tmp_path: Path) -> Path:
    target = tmp_path / "company"
    shutil.copytree(FIXTURE, target)
    return target


def _set_text(company: Path, raw_value: str) -> int:
    """Replace the SLA preamble's text with ``raw_value`` (YAML source); return its line."""
    path = company / SLA
    source = path.read_text(encoding="utf-8")
    assert TEXT_LINE in source
    path.write_bytes(
        source.replace(TEXT_LINE, f"  text: {raw_value}\n").encode("utf-8", "surrogatepass")
    )
    return source[: source.index(TEXT_LINE)].count("\n") + 1


def _issues(company: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["validate", str(company), "-f", "json", "--today", "2026-06-01"])
    assert result.exit_code in (0, 1), result.output
    issues: list[dict[str, object]] = json.loads(result.stdout)["issues"]
    return [i for i in issues if i["file"] == SLA]


# Escapes in double-quoted strings: YAML accepts them, so validate must catch them.
ESCAPED = [
    (r'"a\x01b"', "U+0001"),
    (r'"a\vb"', "U+000B"),
    (r'"a\x0bb"', "U+000B"),
    (r'"a\fb"', "U+000C"),
    (r'"a\0b"', "U+0000"),
    (r'"a\eb"', "U+001B"),
    (r'"a\x1eb"', "U+001E"),
    (r'"a\uFFFEb"', "U+FFFE"),
    (r'"a\Nb"', "U+0085"),
    (r'"a\Lb"', "U+2028"),
    (r'"a\Pb"', "U+2029"),
    (r'"a\u2028b"', "U+2028"),
    ('"a\u2028b"', "U+2028"),  # written raw inside double quotes: libyaml keeps it
    ('"a\u2029b"', "U+2029"),
]


@pytest.mark.parametrize(("raw", "shown"), ESCAPED)
def test_validate_reports_each_escaped_character_at_its_field(
    company: Path, raw: str, shown: str
) -> None:
    line = _set_text(company, raw)
    found = [i for i in _issues(company) if i["code"] == "text-control-char"]
    assert len(found) == 1, found
    [issue] = found
    assert (issue["severity"], issue["line"], issue["column"]) == ("error", line, 3)
    assert shown in str(issue["message"]) and "preamble.text" in str(issue["message"])
    assert issue["artefact"] == "SLA-ACME"


def test_a_clean_file_has_no_such_issue(company: Path) -> None:
    _set_text(company, r'"tab\tand a C:\\path are fine"')
    assert [i for i in _issues(company) if i["code"] == "text-control-char"] == []


def test_batch_items_and_keys_are_checked(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(
        {
            "records/inc.yaml": (
                "kind: batch\nof: incident\nschema_version: 1\nitems:\n"
                "  - id: INC-1\n    summary: ok\n"
                '  - id: INC-2\n    summary: "bad\\x07bell"\n'
            ),
            "people/bob.yaml": 'kind: person\nid: P-BOB\nschema_version: 1\nname: Bob\n"k\\x01": 1\n',
        }
    )
    result = runner.invoke(app, ["validate", str(root), "-f", "json"])
    issues = [i for i in json.loads(result.stdout)["issues"] if i["code"] == "text-control-char"]
    by_file = {i["file"]: i for i in issues}
    assert by_file["records/inc.yaml"]["artefact"] == "INC-2"
    assert (by_file["records/inc.yaml"]["line"], by_file["records/inc.yaml"]["column"]) == (8, 5)
    assert "items[1].summary" in by_file["records/inc.yaml"]["message"]
    assert by_file["people/bob.yaml"]["line"] == 5
    assert result.exit_code == 1


def test_the_configuration_is_checked_too(make_repo) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(config='organisation: "Acme\\x01"\nlanguage: en\nscope: Hosting.\n')
    result = runner.invoke(app, ["validate", str(root), "-f", "json"])
    [issue] = [i for i in json.loads(result.stdout)["issues"] if i["code"] == "text-control-char"]
    assert (issue["file"], issue["line"], issue["column"]) == ("itsmkit.yaml", 1, 1)


# Written raw, most of them never reach a field: libyaml's reader refuses the file.
RAW_REFUSED = [("a\x01b", 5), ("a\x0bb", 5), ("a\x1bb", 5), ("a\x7fb", 5), ("a\x9fb", 5)]


@pytest.mark.parametrize(("value", "column"), RAW_REFUSED)
def test_raw_control_characters_are_yaml_syntax_at_their_position(value: str, column: int) -> None:
    [problem] = read(f"k: ok\nx: {value}\n".encode()).problems
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 2, column)
    assert f"U+{ord(value[1]):04X}" in problem.message


def test_a_lone_surrogate_escape_is_yaml_syntax_at_its_position() -> None:
    [problem] = read(b'k: ok\nx: "a\\ud800b"\n').problems
    assert (problem.code, problem.line) == ("yaml-syntax", 2)
    assert problem.column is not None


@pytest.mark.parametrize("sep", ["\x85", "\u2028", "\u2029"])
def test_a_raw_line_separator_in_a_plain_value_breaks_the_line_for_yaml(sep: str) -> None:
    # YAML 1.1 (libyaml) reads it as a line break: the rest is a stray line, not a value.
    [problem] = read(f"x: a{sep}b\n".encode()).problems
    assert problem.code == "yaml-syntax" and problem.line is not None


# Render: forced past the validation error, it must still write a sane document.
INJECTION = r'"Les parties\x01 conviennent\L# Injected heading\P- injected item\Nend\vfin\x0c."'


def test_render_never_crashes_on_control_characters(company: Path, tmp_path: Path) -> None:
    _set_text(company, INJECTION)
    out = tmp_path / "out"
    args = ["render", "sla", "SLA-ACME", "-C", str(company), "--lang", "fr", "-o", str(out)]
    refused = runner.invoke(app, [*args, "--format", "docx"])
    assert refused.exit_code == 1, refused.output  # refused: the SLA has a validation error
    forced = runner.invoke(app, [*args, "--format", "docx", "--format", "md", "--force"])
    assert forced.exit_code == 0, forced.output
    [docx_path] = out.rglob("*.docx")
    document = docx.Document(str(docx_path))
    texts = [p.text for p in document.paragraphs]
    assert not any(t.strip() == "Injected heading" for t in texts)
    [para] = [t for t in texts if "conviennent" in t]
    assert "\ufffd" in para and "# Injected heading - injected item end fin" in para
    assert not has_unsafe(para)
    [md_path] = out.rglob("*.md")
    md = md_path.read_text(encoding="utf-8")
    assert not has_unsafe(md)
    # No line separator survived to start a heading or a list item of its own.
    lines = md.splitlines()
    assert not any(line.lstrip().startswith(("# Injected", "- injected")) for line in lines)
    assert not any(isinstance(b, Heading) and "Injected" in str(b.runs) for b in parse(md))


def test_render_of_a_clean_sla_naming_a_dirty_customer(company: Path, tmp_path: Path) -> None:
    # The customer has the error; the SLA renders (no --force) with the customer's name.
    path = company / "org" / "C-ACME.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "name: ACME Industrie\n", 'name: "ACME\\x0bIndus\\u2029trie"\n'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    done = runner.invoke(
        app, ["render", "sla", "SLA-ACME", "-C", str(company), "--format", "docx", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    [path_out] = out.rglob("*.docx")
    xml = zipfile.ZipFile(path_out).read("word/document.xml").decode("utf-8")
    assert "ACME Indus trie" in xml


UNSAFE_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec=None, exclude_categories=()),
        st.sampled_from("\x00\x01\x0b\x0c\x1e\x85\u2028\u2029\ud800\udfff\ufffe\uffff#-|*\n"),
    ),
    max_size=40,
)


@given(UNSAFE_TEXT)
def test_clean_leaves_nothing_unsafe_and_no_extra_line(text: str) -> None:
    cleaned = clean(text)
    assert not has_unsafe(cleaned)
    # Only LF and CR still end lines: splitlines() breaks nowhere else.
    for piece in cleaned.splitlines(keepends=True)[:-1]:
        assert piece.endswith(("\n", "\r")), piece
    assert clean(cleaned) == cleaned


@given(UNSAFE_TEXT)
def test_escaped_values_stay_on_one_markdown_block(text: str) -> None:
    escaped = escape_markdown(text)
    assert not has_unsafe(escaped)
    assert all(not line.startswith("#") for line in escaped.split("\n"))


META = DocMeta(
    organisation="Org\x01", doc_id="D\u2028-1", title="T\ud800", subject="S", lang="en", draft=True
)


@given(UNSAFE_TEXT)
def test_the_word_writer_accepts_any_text(text: str) -> None:
    blocks = [Heading(1, [Run(text)]), Paragraph([Run(text, bold=True)])]
    data = write_docx(blocks, META)
    document = docx.Document(io.BytesIO(data))
    # python-docx writes CR and LF as <w:br/>, read back as LF.
    assert document.paragraphs[0].text == clean(text).replace("\r", "\n")


def test_finish_keeps_markdown_structure() -> None:
    text = finish("para one\u2028# not a heading\n", "Contents")
    assert text == "para one # not a heading\n"


def test_a_company_word_template_gets_clean_values(company: Path, tmp_path: Path) -> None:
    pytest.importorskip("docxtpl")
    path = company / "org" / "C-ACME.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "name: ACME Industrie\n", 'name: "ACME\\x01\\L#X"\n'
        ),
        encoding="utf-8",
    )
    (company / "templates").mkdir()
    template = docx.Document()
    template.add_paragraph("Client : {{ customer.name }}")
    template.save(str(company / "templates" / "sla.fr.docx"))
    out = tmp_path / "out"
    done = runner.invoke(
        app, ["render", "sla", "SLA-ACME", "-C", str(company), "--format", "docx", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    [path_out] = out.rglob("*.docx")
    assert [p.text for p in docx.Document(str(path_out)).paragraphs] == ["Client : ACME\ufffd #X"]
