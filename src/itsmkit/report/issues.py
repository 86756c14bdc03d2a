"""Printers for validation reports: text, JSON, JUnit XML, SARIF and GitHub annotations."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from itsmkit import __version__
from itsmkit.catalogue import RULES
from itsmkit.envelope import dumps, envelope
from itsmkit.issues import Issue, Severity
from itsmkit.validator import ValidationReport


def display_path(root: Path, rel: str, cwd: Path | None = None) -> str:
    """The issue's file as the user would type it from the current folder."""
    full = root / rel
    try:
        return os.path.relpath(full, cwd or Path.cwd())
    except ValueError:  # another drive on Windows
        return str(full)


def summary_line(report: ValidationReport) -> str:
    """``2 errors, 1 warning, 0 notes in 12 files (340 artefacts)``."""
    e, w, n = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return (
        f"{plural(e, 'error')}, {plural(w, 'warning')}, {plural(n, 'note')} "
        f"in {plural(report.files, 'file')} ({plural(report.artefacts, 'artefact')})"
    )


def _one_line(text: str) -> str:
    # One issue per line, so that editors and grep can parse the output.
    return " ".join(text.splitlines())


def issue_lines(
    issues: Iterable[Issue], root: Path | None = None, *, cwd: Path | None = None
) -> list[str]:
    """``path:line:col: severity code: message`` per issue, each hint on a line of its own.

    ``root`` is the repository the files are relative to; without it they print as they are.
    """
    lines = []
    for issue in issues:
        path = display_path(root, issue.file, cwd) if root is not None else issue.file
        lines.append(
            f"{path}:{issue.line or 1}:{issue.column or 1}: {issue.severity.value} "
            f"{issue.code}: {_one_line(issue.message)}"
        )
        if issue.hint:
            lines.append(f"    hint: {_one_line(issue.hint)}")
    return lines


# Rules whose issues the text printers summarise per file (one line with the count),
# unless --verbose: a fresh scaffold has dozens of them and they would bury the errors.
SUMMARISED = frozenset({"placeholder"})
# Past this many files, those issues become one line for the whole repository: a fresh
# scaffold has placeholders in some fifty files, and fifty lines after the errors push
# them off a terminal's screen.
SUMMARISED_FILES = 10
# ``--severity`` words: the report's ``info`` is called a note in the summary line.
SEVERITY_WORDS = {"error": Severity.ERROR, "warning": Severity.WARNING, "note": Severity.INFO}


def severity_word(severity: Severity) -> str:
    """The word the summary line uses: error, warning or note."""
    return {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}[severity]


def _across_files(first: Issue, files: list[list[Issue]]) -> Issue:
    """One issue for a summarised rule's issues in many files: counts and the worst file."""
    most = max(files, key=len)  # the first of the largest, files being in order
    total = sum(len(group) for group in files)
    hide = "--severity error" if first.severity is Severity.WARNING else "--severity warning"
    return replace(
        first,
        message=f"{total} {first.code}s left in {len(files)} files, the most in {most[0].file}"
        f" ({len(most)}); --verbose lists each, {hide} hides them",
        hint=None,
    )


def at_least(issues: Iterable[Issue], minimum: Severity) -> list[Issue]:
    """The issues as serious as ``minimum`` or more (``--severity``)."""
    return [i for i in issues if i.severity.rank <= minimum.rank]


def arrange(issues: Iterable[Issue], *, verbose: bool = False) -> list[Issue]:
    """Issues as a person reads them: errors first, then warnings, then notes.

    Within a severity, by file and position. Unless ``verbose``, the issues of a
    :data:`SUMMARISED` rule in one file become one issue, at the first one's position,
    that gives their count; in more than :data:`SUMMARISED_FILES` files, one issue for
    them all, at the first file's.
    """
    ordered = sorted(issues, key=lambda i: (i.severity.rank, *i.sort_key()))
    if verbose:
        return ordered
    groups: dict[tuple[str, str, Severity], list[Issue]] = {}
    for issue in ordered:
        if issue.code in SUMMARISED:
            groups.setdefault((issue.file, issue.code, issue.severity), []).append(issue)
    spread: dict[tuple[str, Severity], list[list[Issue]]] = {}
    for (_, code, severity), issues_in_file in groups.items():
        spread.setdefault((code, severity), []).append(issues_in_file)
    out = []
    for issue in ordered:
        group = groups.get((issue.file, issue.code, issue.severity))
        files = spread.get((issue.code, issue.severity), [])
        if len(files) > SUMMARISED_FILES:
            if issue is files[0][0]:
                out.append(_across_files(issue, files))
        elif group is None or len(group) == 1:
            out.append(issue)
        elif issue is group[0]:
            # "placeholder left: [[Service name]]" -> "[[Service name]]"
            first = issue.message.rsplit(": ", 1)[-1].strip()
            out.append(
                replace(
                    issue,
                    message=f"{len(group)} {issue.code}s left in this file, the first {first};"
                    " --verbose lists each",
                    hint=None,
                )
            )
    return out


def strict_reasons(report: ValidationReport) -> str | None:
    """Why ``--strict`` fails a report that has no error: its warnings, counted by rule."""
    if report.count(Severity.ERROR) or not report.count(Severity.WARNING):
        return None
    codes = Counter(i.code for i in report.issues if i.severity is Severity.WARNING)
    listed = ", ".join(
        f"{n} {code}" for code, n in sorted(codes.items(), key=lambda c: (-c[1], c[0]))
    )
    total = sum(codes.values())
    return f"--strict: failed on {total} warning{'' if total == 1 else 's'} ({listed})"


def hidden_line(report: ValidationReport, shown: int) -> str | None:
    """How many issues ``--severity`` left out, if any."""
    hidden = len(report.issues) - shown
    if hidden <= 0:
        return None
    return f"{hidden} less serious issue{'' if hidden == 1 else 's'} not shown (--severity)"


def to_text(
    report: ValidationReport,
    *,
    cwd: Path | None = None,
    minimum: Severity = Severity.INFO,
    verbose: bool = False,
    strict: bool = False,
) -> str:
    """Compiler-style lines: ``path:line:col: severity code: message`` and a hint line.

    Errors come first; issues below ``minimum`` are left out (and counted);
    placeholders are one line per file unless ``verbose``; with ``strict``, a last line
    says which warnings fail the run.
    """
    shown = at_least(report.issues, minimum)
    lines = issue_lines(arrange(shown, verbose=verbose), report.root, cwd=cwd)
    lines.append(summary_line(report))
    for extra in (hidden_line(report, len(shown)), strict_reasons(report) if strict else None):
        if extra:
            lines.append(extra)
    return "\n".join(lines) + "\n"


def to_json(report: ValidationReport) -> str:
    """The versioned JSON envelope."""
    return dumps(
        envelope(
            "validate",
            {
                "root": str(report.root),
                "summary": {
                    "files": report.files,
                    "artefacts": report.artefacts,
                    "errors": report.count(Severity.ERROR),
                    "warnings": report.count(Severity.WARNING),
                    "notes": report.count(Severity.INFO),
                    "kinds": report.kinds,
                },
                "issues": [issue.to_dict() for issue in report.issues],
            },
        )
    )


# Characters XML 1.0 cannot carry at all, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Rule groups whose errors mean the file could not be read at all: a JUnit <error> (the
# test could not run), not a <failure> (it ran and found something wrong).
_UNREADABLE_GROUPS = {"yaml", "files"}


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape  # lazy: it imports urllib.request, http and ssl

    return escape(_XML_ILLEGAL.sub("\ufffd", text))


def _xml_attr(text: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(_XML_ILLEGAL.sub("\ufffd", text))


def _seconds(value: float) -> str:
    # Jenkins' SUREFIRE_TIME: digits, a dot, at most three decimals.
    return f"{max(value, 0.0):.3f}"


def _issue_line(i: Issue) -> str:
    return f"{i.file}:{i.line or 1}:{i.column or 1}: {i.severity.value} {i.code}: {i.message}" + (
        f" (hint: {i.hint})" if i.hint else ""
    )


def _junit_case(rel: str, issues: list[Issue], failing: set[Severity]) -> tuple[str, str]:
    """One file's test case, and its outcome: error, failure, skipped or passed."""
    # Errors first: the failure's message and type name the worst issue.
    problems = sorted((i for i in issues if i.severity in failing), key=lambda i: i.severity.rank)
    unreadable = [
        i for i in problems if i.code in RULES and RULES[i.code].group in _UNREADABLE_GROUPS
    ]
    warnings = [i for i in issues if i.severity is Severity.WARNING]
    parts = []
    outcome = "passed"
    if unreadable:
        outcome = "error"
        text = "\n".join(_issue_line(i) for i in unreadable)
        parts.append(
            f"<error message={_xml_attr(unreadable[0].message)} "
            f"type={_xml_attr(unreadable[0].code)}>{_xml_text(text)}</error>"
        )
    elif problems:
        outcome = "failure"
        text = "\n".join(_issue_line(i) for i in problems)
        parts.append(
            f"<failure message={_xml_attr(problems[0].message)} "
            f"type={_xml_attr(problems[0].code)}>{_xml_text(text)}</failure>"
        )
    elif warnings:
        # Not failing (no --strict), but not silently green either: a skipped case says
        # why, and the warnings themselves are in system-out.
        outcome = "skipped"
        word = "warning" if len(warnings) == 1 else "warnings"
        message = f"{len(warnings)} {word}; --strict fails on warnings"
        parts.append(f"<skipped message={_xml_attr(message)} type={_xml_attr('warning')}/>")
    # Every issue of the file, whatever its severity, in the case's own output.
    parts.append(
        f"<system-out>{_xml_text(chr(10).join(_issue_line(i) for i in issues))}</system-out>"
    )
    body = "\n      ".join(parts)
    case = (
        f'    <testcase classname="itsmkit.validate" name={_xml_attr(rel)}>\n'
        f"      {body}\n    </testcase>"
    )
    return case, outcome


def to_junit(report: ValidationReport, *, strict: bool = False) -> str:
    """JUnit XML, valid against Jenkins' ``junit-10.xsd``: one test case per file.

    A file that cannot be read (YAML or file-system rules) is an ``<error>``; a file with
    errors (with ``strict``, warnings too) is a ``<failure>``; a file with warnings only
    is ``<skipped>`` with the reason, so warnings show and never pass silently. Every
    case carries its file's issues in ``<system-out>``. Files without issues are counted
    in one passing case. The suite's ``time`` is the validation's duration.
    """
    by_file: dict[str, list[Issue]] = {}
    for issue in report.issues:
        by_file.setdefault(issue.file, []).append(issue)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    cases = []
    counts = {"error": 0, "failure": 0, "skipped": 0, "passed": 0}
    for rel in sorted(by_file):
        case, outcome = _junit_case(rel, by_file[rel], failing)
        cases.append(case)
        counts[outcome] += 1
    clean = report.files - len(by_file)
    if clean > 0:
        cases.append(
            f'    <testcase classname="itsmkit.validate" name="{clean} file(s) without issues"/>'
        )
    tests, failures, errors = len(cases), counts["failure"], counts["error"]
    time = _seconds(report.seconds)
    totals = f'tests="{tests}" failures="{failures}" errors="{errors}"'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="itsmkit" {totals} time="{time}">\n'
        f'  <testsuite name="itsmkit validate" {totals} skipped="{counts["skipped"]}" '
        f'time="{time}">\n'
        f'    <properties>\n      <property name="itsmkit.version" value="{__version__}"/>\n'
        f'      <property name="strict" value="{str(strict).lower()}"/>\n    </properties>\n'
        + "\n".join(cases)
        + "\n  </testsuite>\n</testsuites>\n"
    )


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# Where a reader learns about the tool and its rules.
PROJECT_URL = "https://github.com/itsmkit/itsmkit"
RULES_URL = f"{PROJECT_URL}/blob/main/docs/rules.md"


def git_top(root: Path) -> Path | None:
    """The top of the git work tree holding ``root`` (a ``.git`` folder or file), if any."""
    here = root.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _sarif_base(root: Path) -> tuple[Path, str]:
    """The folder SARIF URIs are relative to, and the company folder's path inside it.

    GitHub code scanning matches paths against the git checkout: a company kept in a
    sub-folder of a repository gets paths from the repository's top. Outside git, paths
    are relative to the company folder.
    """
    top = git_top(root)
    if top is None:
        return root.resolve(), ""
    inside = root.resolve().relative_to(top).as_posix()
    return top, "" if inside == "." else inside + "/"


def _pascal(text: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def _rule_name(code: str, group: str) -> str:
    """A Pascal-case friendly name that differs from the id (SARIF1001, SARIF2012)."""
    name = _pascal(code)
    return _pascal(group) + name if name.lower() == code.lower() else name


def _fingerprint(issue: Issue, uri: str, seen: dict[str, int]) -> str:
    """Stable across runs and line moves: rule, file, artefact, field and message."""
    import hashlib

    loc = "/".join(str(part) for part in issue.loc)
    key = "\x1f".join((issue.code, uri, issue.artefact or "", loc, issue.message))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{digest}:{seen[digest]}"


def _sarif_rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    return {
        "id": code,
        "name": _rule_name(code, rule.group),
        "shortDescription": {"text": rule.checks},
        "fullDescription": {"text": f"{rule.checks} How to fix: {rule.fix}"},
        "help": {
            "text": rule.fix,
            "markdown": f"{rule.fix}\n\nEvery rule is listed in [docs/rules.md]({RULES_URL}).",
        },
        "helpUri": RULES_URL,
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"tags": ["itsmkit", rule.group]},
    }


def to_sarif(report: ValidationReport) -> str:
    """SARIF 2.1.0, for GitHub code scanning (its ``Gh`` rules as well as the schema).

    URIs are relative to the git checkout through ``uriBaseId`` ``SRCROOT`` (see
    :func:`_sarif_base`); every result has a partial fingerprint, so an alert keeps its
    identity when lines move.
    """
    base, inside = _sarif_base(report.root)
    used = sorted({i.code for i in report.issues})
    index = {code: n for n, code in enumerate(used)}
    seen: dict[str, int] = {}
    results = []
    for i in report.issues:
        uri = quote(inside + i.file)  # a URI reference: spaces and specials percent-encoded
        message = i.message.rstrip()
        if message and message[-1] not in ".!?":
            message += "."
        if i.hint:
            message += f" Hint: {i.hint}"
        results.append(
            {
                "ruleId": i.code,
                "ruleIndex": index[i.code],
                "level": _SARIF_LEVEL[i.severity],
                "message": {"text": message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri, "uriBaseId": "SRCROOT"},
                            "region": {"startLine": i.line or 1, "startColumn": i.column or 1},
                        }
                    }
                ],
                "partialFingerprints": {"itsmkitIssue/v1": _fingerprint(i, uri, seen)},
            }
        )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "itsmkit",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": [_sarif_rule(code) for code in used],
                    }
                },
                "originalUriBaseIds": {"SRCROOT": {"uri": base.as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    # As @actions/core's escapeData and escapeProperty.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


_GH_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# GitHub shows at most this many annotations of each kind per step.
GITHUB_ANNOTATION_LIMIT = 10


def _by_severity(report: ValidationReport, minimum: Severity = Severity.INFO) -> list[Issue]:
    return sorted(at_least(report.issues, minimum), key=lambda i: i.severity.rank)


def to_github(
    report: ValidationReport, *, cwd: Path | None = None, minimum: Severity = Severity.INFO
) -> str:
    """GitHub Actions workflow commands (``::error title=...,file=...``), errors first.

    ``minimum`` (``--severity``) leaves out less serious issues; the closing counts are
    still those of the whole report, and a line says how many were left out.

    GitHub shows only the first 10 annotations of each kind per step, so errors come
    before warnings and notes. Properties come in @actions/core's order and escaping.
    Like the text printer, paths are relative to ``cwd`` (default: the current folder),
    the workspace where workflows run, so a repository in a sub-folder of the git
    checkout is annotated correctly.
    """
    lines = []
    shown = _by_severity(report, minimum)
    for i in shown:
        message = i.message + (f" — {i.hint}" if i.hint else "")
        path = display_path(report.root, i.file, cwd)
        lines.append(
            f"::{_GH_COMMAND[i.severity]} title={_gh_escape(i.code, prop=True)},"
            f"file={_gh_escape(path, prop=True)},line={i.line or 1},col={i.column or 1}"
            f"::{_gh_escape(message)}"
        )
    over = [
        f"{sum(1 for i in shown if i.severity is s)} {_GH_COMMAND[s]}s"
        for s in Severity
        if sum(1 for i in shown if i.severity is s) > GITHUB_ANNOTATION_LIMIT
    ]
    if over:
        lines.append(
            f"GitHub shows {GITHUB_ANNOTATION_LIMIT} annotations of each kind; this run has "
            + ", ".join(over)
            + ": all are listed above and in the job summary."
        )
    hidden = hidden_line(report, len(shown))
    if hidden:
        lines.append(hidden)
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


# How many issues the job summary lists (GitHub caps a step's summary at 1 MiB).
SUMMARY_ROWS = 200
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md_cell(text: str) -> str:
    """Table-cell text: one line, Markdown and HTML specials escaped."""
    one = " ".join(_one_line(text).split())
    return _MD_SPECIAL.sub(r"\\\1", one.replace("&", "&amp;"))


def to_github_summary(
    report: ValidationReport,
    *,
    cwd: Path | None = None,
    strict: bool = False,
    minimum: Severity = Severity.INFO,
) -> str:
    """The Markdown job summary: verdict and counts, then a table of issues, errors first.

    The verdict and the counts are the whole report's, as the exit code is; ``minimum``
    (``--severity``) only shortens the table, and a line says how many it left out.
    """
    icon = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    verdict = "failed" if report.failed(strict=strict) else "passed"
    lines = [
        f"## itsmkit validate: {verdict}",
        "",
        _md_cell(summary_line(report)),
        "",
    ]
    reason = strict_reasons(report) if strict else None
    if reason:
        lines += [_md_cell(reason), ""]
    issues = _by_severity(report, minimum)
    hidden = hidden_line(report, len(issues))
    if hidden:
        lines += [_md_cell(hidden), ""]
    if issues:
        lines += ["| severity | file | line | rule | message |", "| --- | --- | --- | --- | --- |"]
        for i in issues[:SUMMARY_ROWS]:
            message = i.message + (f" (hint: {i.hint})" if i.hint else "")
            path = display_path(report.root, i.file, cwd)
            lines.append(
                f"| {icon[i.severity]} | {_md_cell(path)} | {i.line or 1}:{i.column or 1} "
                f"| {_md_cell(i.code)} | {_md_cell(message)} |"
            )
        if len(issues) > SUMMARY_ROWS:
            lines += ["", f"…and {len(issues) - SUMMARY_ROWS} more: run `itsmkit validate`."]
    return "\n".join(lines) + "\n"


def append_github_summary(
    report: ValidationReport,
    *,
    cwd: Path | None = None,
    strict: bool = False,
    minimum: Severity = Severity.INFO,
    environ: Mapping[str, str] | None = None,
) -> Path | None:
    """Append the job summary to ``$GITHUB_STEP_SUMMARY`` if set; return that file.

    GitHub gives each step that file to append Markdown to (appending, not replacing, is
    its contract, so other steps' summaries stay).
    """
    target = (os.environ if environ is None else environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(to_github_summary(report, cwd=cwd, strict=strict, minimum=minimum))
    return path
