"""``itsmkit site`` on the example and on small repositories: pages, links, browser, writes."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from tests import browser
from tests.conftest import EXAMPLE
from typer.testing import CliRunner

from itsmkit.cli.app import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "build" / "site"
    code, text = invoke("site", "-C", str(EXAMPLE), "-o", str(out))
    assert code == 0, text
    return out


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "xlink:href") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)
        if tag == "script":
            self.scripts.append(dict(attrs).get("src") or "inline")


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every href/src of every page that does not resolve to a file (and anchor) of the site."""
    parsed = {p: parse(p) for p in pages(site)}
    broken = []
    for page, found in parsed.items():
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("/"):
                broken.append(f"{page.relative_to(site)}: not relative: {link}")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{page.relative_to(site)}: no file for {link}")
            elif parts.fragment and parts.fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(site)}: no anchor for {link}")
    return broken


def test_site_pages_of_the_example(site: Path) -> None:
    assert (site / "index.html").is_file() and (site / "style.css").is_file()
    assert (site / "findings.html").is_file() and (site / "coverage.html").is_file()
    for sla in ("SLA-CIMES-2026", "SLA-GRESIVAUDAN-2026", "SLA-VERCORS-2026"):
        assert (site / "sla" / f"{sla}.html").is_file()
    # one page per document, records on registers per kind and month
    assert (site / "a" / "SLA-VERCORS-2026.html").is_file()
    assert (site / "r" / "incident" / "2026-05.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in home
    assert "prêt une fois traitée 1 non-conformité mineure" in home
    assert home.count("<svg") >= 2  # readiness per group and the trend


def test_every_link_resolves(site: Path) -> None:
    assert len(pages(site)) > 100
    assert broken_links(site) == []


def test_link_checker_sees_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<a href="a/NOPE.html">x</a><a href="index.html#missing">y</a>'
        '<link href="https://cdn.example.org/x.css">',
        encoding="utf-8",
    )
    assert len(broken_links(tmp_path)) == 3


def test_nothing_is_fetched_from_the_network(site: Path) -> None:
    for page in pages(site):
        found = parse(page)
        assert found.scripts == [], page  # no script at all: nothing to fetch, nothing to fail
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text), page
        assert "@import" not in text and "url(http" not in text, page
    assert "http" not in (site / "style.css").read_text(encoding="utf-8")


def test_findings_link_to_their_evidence(site: Path) -> None:
    text = (site / "findings.html").read_text(encoding="utf-8")
    # the minor finding's evidence is findings.yaml:6, the open major finding FND-2026-01
    assert 'href="r/finding/2026-09.html#FND-2026-01"' in text


def test_artefact_page_shows_references_both_ways(site: Path) -> None:
    text = (site / "a" / "SLA-VERCORS-2026.html").read_text(encoding="utf-8")
    assert "agreements/slas/sla-vercors.yaml:3" in text
    assert 'href="../a/CUST-VERCORS.html"' in text  # what it references
    assert 'href="../r/service-report/2026-07.html#RS-VERCORS-2026-07"' in text  # referenced by


def test_sla_page_has_charts_and_breaches(site: Path) -> None:
    text = (site / "sla" / "SLA-VERCORS-2026.html").read_text(encoding="utf-8")
    # attainment per period, targets met, and per priority (the example's reports, computed
    # from its records by `itsmkit report`, carry per-priority metrics)
    assert text.count("<svg") == 3
    assert "Atteinte par période" in text and "2026-09" in text
    assert "manqués" in text


def test_print_stylesheet(site: Path) -> None:
    assert "@media print" in (site / "style.css").read_text(encoding="utf-8")


# --- writes -----------------------------------------------------------------------------


def test_rebuild_replaces_a_previous_site_but_not_another_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("site", "-C", str(EXAMPLE), "-o", str(out))[0] == 0
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert invoke("site", "-C", str(EXAMPLE), "-o", str(out))[0] == 0
    assert not (out / "stale.html").exists()  # a fresh folder, not a merge

    other = tmp_path / "docs"
    other.mkdir()
    (other / "keep.txt").write_text("mine", encoding="utf-8")
    code, text = invoke("site", "-C", str(EXAMPLE), "-o", str(other))
    assert code == 2
    assert "is not a site built by itsmkit" in text and "--force" in text
    assert (other / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in other.iterdir()) == ["keep.txt"]
    assert invoke("site", "-C", str(EXAMPLE), "-o", str(other), "--force")[0] == 0
    assert (other / "index.html").is_file() and not (other / "keep.txt").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers


def test_failed_build_writes_nothing(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"itsmkit.yaml": "organisation: [not, a, name]\n"})
    out = tmp_path / "out"
    code, text = invoke("site", "-C", str(root), "-o", str(out))
    assert code == 2
    assert "itsmkit.yaml is invalid" in text
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_english_site_escapes_everything(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_repo(
        {
            "people/bob.yaml": """\
            kind: person
            id: P-BOB
            schema_version: 1
            name: "<script>alert('x')</script> Bob & Co"
            """
        }
    )
    out = tmp_path / "out"
    code, text = invoke("site", "-C", str(root), "-o", str(out))
    assert code == 0, text
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home and "Readiness per clause group" in home
    page = (out / "a" / "P-BOB.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Bob &amp; Co" in page
    assert broken_links(out) == []


# --- a real browser -----------------------------------------------------------------------


def _need_chromium() -> None:
    if browser.available():
        return
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is required in CI and missing at {browser.CHROMIUM}")
    pytest.skip(f"Chromium is not installed ({browser.CHROMIUM}); apt-get install chromium")


@pytest.fixture(scope="module")
def chromium():  # type: ignore[no-untyped-def]
    _need_chromium()
    b = browser.Browser()
    yield b
    b.close()


def test_every_page_loads_in_chromium_without_error(site: Path, chromium) -> None:  # type: ignore[no-untyped-def]
    failures = {}
    for page in pages(site):
        report = chromium.load(page.resolve().as_uri())
        if not report.loaded or report.errors:
            failures[str(page.relative_to(site))] = report.errors or ["did not load"]
    assert failures == {}


def test_browser_check_sees_errors(tmp_path: Path, chromium) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "bad.html"
    page.write_text(
        '<link rel="stylesheet" href="missing.css"><script>console.error("boom")</script>',
        encoding="utf-8",
    )
    report = chromium.load(page.as_uri())
    assert report.loaded
    assert any("boom" in e for e in report.errors)
    assert any("missing.css" in e or "ERR_FILE_NOT_FOUND" in e for e in report.errors)


def test_home_page_shows_the_verdict_in_chromium(site: Path) -> None:
    _need_chromium()
    done = browser.run("--dump-dom", (site / "index.html").resolve().as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    verdict = re.search(r'<p id="verdict"[^>]*>([^<]+)</p>', done.stdout)
    assert verdict is not None, done.stdout[:2000]
    assert verdict.group(1) == "prêt une fois traitée 1 non-conformité mineure"
    assert "<svg" in done.stdout


def test_screenshots_of_home_and_sla(site: Path, tmp_path: Path) -> None:
    _need_chromium()
    for name, rel in (("home", "index.html"), ("sla", "sla/SLA-VERCORS-2026.html")):
        shot = Path(os.environ.get("ITSMKIT_SCREENSHOTS", tmp_path)) / f"{name}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        done = browser.run(
            f"--screenshot={shot}", "--window-size=1280,2000", (site / rel).resolve().as_uri()
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 50_000  # a page of text and charts, not a blank frame


def test_many_records_go_on_register_pages(make_repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    items = "".join(
        f"""
  - id: ACT-{n:04d}
    action_type: improvement
    description: Action {n}
    owner: P-ALICE
    raised_on: 2026-03-{1 + n % 28:02d}
    due: 2026-12-31
    status: planned"""
        for n in range(1205)
    )
    root = make_repo(
        {
            "records/actions.yaml": "kind: batch\nof: action\nschema_version: 1\nitems:"
            + items
            + "\n"
        }
    )
    out = tmp_path / "out"
    code, text = invoke("site", "-C", str(root), "-o", str(out))
    assert code == 0, text
    # 1205 records of one kind and month: two register pages, not 1205 files
    assert sorted(p.name for p in (out / "r" / "action").iterdir()) == [
        "2026-03-2.html",
        "2026-03.html",
    ]
    first = (out / "r" / "action" / "2026-03.html").read_text(encoding="utf-8")
    assert first.count('<article class="record"') == 1000
    # the person they all name: 200 referrers with lines (the first ids), 1005 counted per page
    person = (out / "a" / "P-ALICE.html").read_text(encoding="utf-8")
    assert person.count("records/actions.yaml:") == 200
    assert '<a href="../r/action/2026-03.html">r/action/2026-03.html</a> : 800' in person
    assert '<a href="../r/action/2026-03-2.html">r/action/2026-03-2.html</a> : 205' in person
    assert broken_links(out) == []


def test_default_output_is_in_the_repository_not_the_current_folder(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, text = invoke("site", "-C", str(example_copy))
    assert code == 0, text
    assert (example_copy / "build" / "site" / "index.html").is_file()
    assert list(elsewhere.iterdir()) == []
    # The site is a writing command: it leaves the caches warm for the next run.
    assert (example_copy / ".itsmkit" / "cache" / "rules.verdict").exists() or any(
        (example_copy / ".itsmkit" / "cache").glob("*.pack")
    )
