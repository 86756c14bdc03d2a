"""Every validation rule itsmkit knows: stable code, severity, what it checks, how to fix.

``docs/rules.md`` is generated from this table (``itsmkit rules --format md``) and a test
checks that every code the library emits is declared here.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsmkit.issues import Issue, Loc, Severity

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's catalogue entry."""

    code: str
    severity: Severity
    group: str
    checks: str
    fix: str


_RULES: tuple[Rule, ...] = (
    # Files and YAML
    Rule(
        "yaml-syntax",
        E,
        "yaml",
        "The file is well-formed YAML.",
        "Fix the syntax at the position shown; indent with spaces.",
    ),
    Rule(
        "yaml-encoding",
        E,
        "yaml",
        "The file is UTF-8 (a BOM is accepted).",
        "Re-save the file as UTF-8.",
    ),
    Rule(
        "yaml-empty",
        E,
        "yaml",
        "The file holds a document.",
        "Delete the file or write an artefact in it.",
    ),
    Rule(
        "yaml-duplicate-key",
        E,
        "yaml",
        "No mapping repeats a key (YAML would keep only the last).",
        "Remove or rename one of the two keys.",
    ),
    Rule(
        "yaml-too-large",
        E,
        "yaml",
        "The file is below the size limit (limits.max_file_bytes, default 5 MB).",
        "Split the file, e.g. batch records per month.",
    ),
    Rule(
        "yaml-too-deep",
        E,
        "yaml",
        "Nesting stays below limits.max_depth (default 64).",
        "Flatten the structure.",
    ),
    Rule(
        "yaml-alias-limit",
        E,
        "yaml",
        "Anchors and aliases expand to at most limits.max_nodes nodes (billion-laughs guard).",
        "Write values out instead of nesting aliases.",
    ),
    Rule(
        "yaml-multi-document",
        E,
        "yaml",
        "A file holds one YAML document.",
        "One artefact per file, or `kind: batch` with `items:`.",
    ),
    Rule(
        "yaml-tag",
        E,
        "yaml",
        "No language-specific tags such as !!python/object.",
        "Write plain values.",
    ),
    Rule(
        "yaml-not-mapping",
        E,
        "yaml",
        "The top level of an artefact file is a mapping of keys.",
        "Start the file with `kind:`, `id:` and `schema_version:`.",
    ),
    Rule(
        "path-symlink-outside",
        E,
        "files",
        "Symbolic links stay inside the repository (links leaving it are not followed).",
        "Copy the file into the repository or remove the link.",
    ),
    Rule(
        "path-symlink-loop",
        E,
        "files",
        "Symbolic links do not form a loop.",
        "Remove the link that points back to a parent folder.",
    ),
    Rule(
        "path-unreadable",
        E,
        "files",
        "Every YAML file can be read.",
        "Fix the file's permissions or remove the broken link.",
    ),
    Rule(
        "path-not-regular",
        INFO,
        "files",
        "Only regular files are read: a FIFO, socket or device named like a YAML file is skipped.",
        "Replace it with a regular file, or remove it.",
    ),
    Rule(
        "path-name-undecodable",
        W,
        "files",
        "File and folder names are valid UTF-8 (a name that is not is skipped, never recorded).",
        "Rename it with UTF-8 characters (e.g. `convmv -f latin1 -t utf8`).",
    ),
    Rule(
        "path-write-interrupted",
        E,
        "files",
        "No write was interrupted halfway (a hidden .itsmkit-txn-* folder holds what is left).",
        "Rerun the interrupted command (e.g. `itsmkit audit --write`): it finishes the write first.",
    ),
    # Configuration
    Rule(
        "config-invalid",
        E,
        "config",
        "itsmkit.yaml matches its schema (organisation, language, standard, scope, thresholds, limits).",
        "Correct the key shown; `itsmkit init` writes a valid one.",
    ),
    # Kinds and schema
    Rule(
        "kind-missing",
        E,
        "schema",
        "Every artefact declares `kind`.",
        "Add `kind:` with one of the kinds listed by `itsmkit kinds`.",
    ),
    Rule(
        "kind-unknown",
        E,
        "schema",
        "`kind` names a known artefact kind.",
        "Use a kind listed by `itsmkit kinds`.",
    ),
    Rule(
        "batch-kind",
        E,
        "schema",
        "A batch file's `of:` names a kind that may be batched (incidents, requests, complaints...).",
        "Use one file per artefact for other kinds.",
    ),
    Rule(
        "schema-version",
        E,
        "schema",
        "`schema_version` is one this itsmkit reads.",
        "Set `schema_version: 1`, or upgrade itsmkit.",
    ),
    Rule(
        "schema-unknown-key",
        E,
        "schema",
        "No key outside the kind's schema (typos are caught).",
        "Rename the key as suggested, or remove it.",
    ),
    Rule(
        "schema-missing-key",
        E,
        "schema",
        "Every required key is present.",
        "Add the key named in the message.",
    ),
    Rule(
        "schema-value",
        E,
        "schema",
        "Every value has the expected type and form.",
        "Correct the value as the message says.",
    ),
    Rule(
        "timestamp-nonexistent",
        E,
        "schema",
        "A timestamp written without a UTC offset names a local time that happens in the"
        " repository's `time_zone` (not one the clocks skip when they go forward).",
        "Write the time with its UTC offset, or the local time after the change.",
    ),
    Rule(
        "timestamp-ambiguous",
        W,
        "schema",
        "A timestamp written without a UTC offset names a local time that happens once in"
        " the repository's `time_zone` (when the clocks go back an hour happens twice; the"
        " first is taken).",
        "Write the time with its UTC offset to say which of the two is meant.",
    ),
    Rule(
        "id-format",
        E,
        "schema",
        "Ids start with a letter and use letters, digits and - _ . separators.",
        "Rename the id, e.g. SLA-ACME-2025.",
    ),
    # Repository-wide
    Rule(
        "id-duplicate",
        E,
        "references",
        "Ids are unique across the repository.",
        "Give one of the artefacts another id.",
    ),
    Rule(
        "ref-unknown",
        E,
        "references",
        "Every reference names an artefact that exists.",
        "Correct the id, or add the missing artefact.",
    ),
    Rule(
        "ref-kind",
        E,
        "references",
        "Every reference names an artefact of the expected kind.",
        "Point the reference at an artefact of the kind shown.",
    ),
    Rule(
        "date-order",
        E,
        "dates",
        "Dates are coherent: an end is not before its start, closure not before opening.",
        "Correct the later or earlier date.",
    ),
    Rule(
        "date-future",
        E,
        "dates",
        "Approval and record dates are not in the future.",
        "Correct the date to the day it happened (or leave it out until it has).",
    ),
    Rule(
        "doc-approval-missing",
        E,
        "documents",
        "An approved document names its approver and approval date.",
        "Add `approver:` and `approved_on:`, or set `status: draft`.",
    ),
    Rule(
        "doc-review-overdue",
        W,
        "documents",
        "An approved document's next review date has not passed.",
        "Review the document and move `next_review:` forward.",
    ),
    Rule(
        "doc-review-missing",
        INFO,
        "documents",
        "An approved document has a next review date.",
        "Add `next_review:`.",
    ),
    Rule(
        "sla-annex-c",
        E,
        "agreements",
        "An SLA holds every item of the SLA checklist (seed 000 Annex C).",
        "Add the missing item to the SLA.",
    ),
    Rule(
        "contract-incomplete",
        W,
        "agreements",
        "An SLA or UC states what its signatories sign: the price with its tax basis and "
        "period, the term, the other party's legal name and address, each priority's definition.",
        "Add the field named in the message; a draft shows it as [to fill] until then.",
    ),
    Rule(
        "sla-unsigned",
        W,
        "agreements",
        "An approved SLA carries the signatures of the provider and the customer.",
        "Add both signatures under `signatures:`.",
    ),
    Rule(
        "report-figure-mismatch",
        E,
        "agreements",
        "A service report's measured figure (`metric:`, `measured_value:`, `met:`) agrees "
        "with the incident and request records it covers (docs/sla.md).",
        "Regenerate the report with `itsmkit report SLA --period YYYY-MM --force`, or correct "
        "the records.",
    ),
    Rule(
        "report-breach-missing",
        W,
        "agreements",
        "Every breach the records show is listed in the service report of its period.",
        "Add the breach (its incidents or requests, and the action taken) under `breaches:`.",
    ),
    Rule(
        "service-no-sla",
        W,
        "agreements",
        "A live service is covered by at least one SLA that is not retired.",
        "Add the service to a customer's SLA, or change its status.",
    ),
    Rule(
        "placeholder",
        W,
        "content",
        "No scaffold placeholder `[[...]]` is left.",
        "Replace the placeholder with real content.",
    ),
    Rule(
        "text-control-char",
        E,
        "content",
        "No text holds a character Word XML refuses (C0 controls other than tab and line"
        " breaks, lone surrogates, U+FFFE, U+FFFF) or a Unicode line separator (NEL, U+2028,"
        " U+2029) that would break lines in rendered documents; YAML escapes such as"
        " `\\x01`, `\\v` or `\\L` in double-quoted strings let them in.",
        "Remove the escape; write a real line break (a block scalar `|`) where one is meant.",
    ),
    Rule(
        "addresses-unknown",
        E,
        "references",
        "Every `addresses:` id names an item of a shipped catalog (FRAMEWORK/ITEM).",
        "Correct the id; `itsmkit frameworks show FRAMEWORK` lists the items.",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def make(
    code: str,
    message: str,
    file: str,
    *,
    loc: Loc = (),
    line: int | None = None,
    column: int | None = None,
    artefact: str | None = None,
    hint: str | None = None,
    severity: Severity | None = None,
) -> Issue:
    """Build an issue for a catalogued rule; the hint defaults to the rule's fix."""
    rule = RULES[code]
    return Issue(
        severity=severity or rule.severity,
        code=code,
        message=message,
        file=file,
        line=line,
        column=column,
        hint=hint if hint is not None else rule.fix,
        artefact=artefact,
        loc=loc,
    )
