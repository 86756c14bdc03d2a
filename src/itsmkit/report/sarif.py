"""The SARIF 2.1.0 printer of a validation report, for GitHub code scanning."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from itsmkit import __version__
from itsmkit.catalogue import RULES
from itsmkit.issues import Issue, Severity
from itsmkit.validator import ValidationReport

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
