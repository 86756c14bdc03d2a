"""``itsmkit trace``: the audit's clause verdicts as a coverage view.

Trace and audit judge each clause once, in :func:`itsmkit.audit.engine.evaluate`: the
evidence coverage of :mod:`itsmkit.frameworks.coverage` with the audit's findings folded
in at their clause. Trace shows those verdicts with the evidence and gaps behind them
(and through a mapping with ``--via``), so both commands give a repository the same
status per clause and the same score.
"""

from __future__ import annotations

from pathlib import Path

from itsmkit.audit.engine import AuditResult, run_audit
from itsmkit.frameworks.catalog import catalog
from itsmkit.frameworks.coverage import TraceResult, build, require_links


def trace_of(result: AuditResult, via: str | None = None, lang: str | None = None) -> TraceResult:
    """The coverage view of an audit result (and through a mapping to ``via``).

    ``lang`` (``fr`` or ``en``; default: the repository's ``language``) is the language of
    the titles and notices, as in the audit's report of the same result.
    """
    from itsmkit.audit.report_doc import localise

    lang = lang or (result.language if result.language in ("fr", "en") else "en")
    shown, _ = localise(result, lang)
    return build(
        shown.standard,
        str(shown.root),
        list(shown.clauses),
        via=via,
        lang=lang,
        notices=list(shown.notices),
    )


def trace(
    path: Path,
    framework: str | None = None,
    *,
    via: str | None = None,
    cache: bool | None = None,
    lang: str | None = None,
) -> TraceResult:
    """Clause-by-clause verdicts of the repository at ``path`` against ``framework``.

    ``framework`` defaults to the repository's standard; the repository is judged as the
    audit judges it without ``--as-of`` (its reference_date, else today). ``lang``: the
    language of titles and notices (default: the repository's).

    Raises:
        UsageError: unknown framework, or no evidence links (so no coverage) ship for ``framework``.
    """
    if framework is not None and catalog(framework):
        require_links(framework)  # before the audit runs
    return trace_of(run_audit(path, standard=framework, cache=cache), via, lang)
