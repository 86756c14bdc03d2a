"""The clause an auditor files a document under: its process's, else documented information.

A policy or procedure past its review is a lapse of document control (7.5 in the 2018
edition), but an auditor raises it where the document is used: the change policy at
change management, the continuity plan at continuity. The edition's own rules say which
clause each document kind and each process belongs to; the document's ``addresses`` come
next; documented information in general is the fallback.
"""

from __future__ import annotations

from itsmkit.audit.spec import AuditSpec
from itsmkit.model.base import Document
from itsmkit.model.fields import matches_fields

# Checks whose rule names the clause of a document kind, or of a process.
_KIND_CHECKS = ("document", "audit-programme")
_PROCESS_CHECKS = ("process", "procedure")


def document_clause(spec: AuditSpec, doc: Document, fallback: str) -> str:
    """The clause of ``spec`` a document belongs to, or ``fallback``."""
    known = {c.id for c in spec.clauses}
    for rule in spec.rules:
        kind_rule = rule.check in _KIND_CHECKS and rule.kind == doc.kind
        if kind_rule and rule.match and matches_fields(doc, rule.match):
            return rule.clause
    procedure_type = getattr(doc, "procedure_type", None)
    if procedure_type is not None:
        for rule in spec.rules:
            if rule.check == "procedure" and rule.procedure_type == procedure_type.value:
                return rule.clause
    for process in getattr(doc, "processes", None) or []:
        for rule in spec.rules:
            if rule.check in _PROCESS_CHECKS and rule.process == process.value:
                return rule.clause
    for rule in spec.rules:
        if rule.check in _KIND_CHECKS and rule.kind == doc.kind and not rule.match:
            return rule.clause
    prefix = spec.framework + "/"
    for address in doc.addresses:
        if address.startswith(prefix) and address[len(prefix) :] in known:
            return address[len(prefix) :]
    return fallback
