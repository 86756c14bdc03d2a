"""Which issues a printer shows, in which order: ``--severity``, errors first, placeholders.

The text printers summarise the issues of some rules (placeholders) per file, or for the
whole repository, unless ``--verbose``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from itsmkit.issues import Issue, Severity

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
