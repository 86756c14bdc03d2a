"""Reader-facing words for the enumerated values of the models, per language.

Keys are the values stored in YAML; an unknown value is shown as stored.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        # document status
        "draft": "brouillon",
        "approved": "approuvé",
        "retired": "retiré",
        # frequencies
        "weekly": "hebdomadaire",
        "monthly": "mensuelle",
        "quarterly": "trimestrielle",
        "half-yearly": "semestrielle",
        "yearly": "annuelle",
        "one-off": "unique",
        # measurement windows
        "month": "mois",
        "quarter": "trimestre",
        "year": "année",
        # service status
        "pipeline": "en préparation",
        "live": "en production",
        # change type of a service plan
        "new": "nouveau service",
        "changed": "service modifié",
        # impact areas
        "commercial": "commercial",
        "technical": "technique",
        "financial": "financier",
        "organisational": "organisationnel",
        # capacity change kinds
        "external": "externe",
        "workload": "charge de travail",
        # audit types
        "mock": "audit à blanc",
        "internal": "audit interne",
        "pre-audit": "pré-audit",
        "initial": "audit initial",
        "certification": "audit de certification",
        "surveillance": "audit de surveillance",
        "renewal": "audit de renouvellement",
        "rectification": "audit de rectification",
        # finding grades
        "major": "non-conformité majeure",
        "minor": "non-conformité mineure",
        "observation": "observation",
        "opportunity": "piste d'amélioration",
        # finding and action status
        "open": "ouvert",
        "closed": "clos",
        "proposed": "proposée",
        "planned": "planifiée",
        "in-progress": "en cours",
        "done": "réalisée",
        "cancelled": "annulée",
        # action types
        "corrective": "corrective",
        "preventive": "préventive",
        "improvement": "amélioration",
        # meeting types
        "customer": "client",
        "supplier": "fournisseur",
        # requirement priority
        "must": "obligatoire",
        "should": "souhaitable",
        "could": "facultative",
        # policy types
        "service-management": "gestion des services",
        "information-security": "sécurité de l'information",
        "change": "changements",
        "release": "mises en production",
        "budgeting-accounting": "budgétisation et comptabilité",
        "continual-improvement": "amélioration continue",
        "configuration": "configuration",
        "other": "autre",
    },
    "en": {
        "draft": "draft",
        "approved": "approved",
        "retired": "retired",
        "weekly": "weekly",
        "monthly": "monthly",
        "quarterly": "quarterly",
        "half-yearly": "half-yearly",
        "yearly": "yearly",
        "one-off": "one-off",
        "month": "month",
        "quarter": "quarter",
        "year": "year",
        "pipeline": "in preparation",
        "live": "live",
        "new": "new service",
        "changed": "changed service",
        "commercial": "commercial",
        "technical": "technical",
        "financial": "financial",
        "organisational": "organisational",
        "external": "external",
        "workload": "workload",
        "mock": "mock audit",
        "internal": "internal audit",
        "pre-audit": "pre-audit",
        "initial": "initial audit",
        "certification": "certification audit",
        "surveillance": "surveillance audit",
        "renewal": "renewal audit",
        "rectification": "rectification audit",
        "major": "major nonconformity",
        "minor": "minor nonconformity",
        "observation": "observation",
        "opportunity": "opportunity for improvement",
        "open": "open",
        "closed": "closed",
        "proposed": "proposed",
        "planned": "planned",
        "in-progress": "in progress",
        "done": "done",
        "cancelled": "cancelled",
        "corrective": "corrective",
        "preventive": "preventive",
        "improvement": "improvement",
        "customer": "customer",
        "supplier": "supplier",
        "must": "must",
        "should": "should",
        "could": "could",
        "service-management": "service management",
        "information-security": "information security",
        "change": "change",
        "release": "release",
        "budgeting-accounting": "budgeting and accounting",
        "continual-improvement": "continual improvement",
        "configuration": "configuration",
        "other": "other",
    },
}

MISSING = {"fr": "non renseigné", "en": "not specified"}
TO_FILL = {"fr": "à compléter", "en": "to fill"}
"""Shown in a draft where a value is missing: the draft is visibly incomplete."""
NONE_SHOWN = "—"
"""Shown in an approved deliverable or a record where a value is missing: no placeholder."""
COVER: dict[str, dict[str, str]] = {
    "id": {"fr": "Référence", "en": "Reference"},
    "version": {"fr": "Version", "en": "Version"},
    "status": {"fr": "Statut", "en": "Status"},
    "date": {"fr": "Date", "en": "Date"},
    "customer": {"fr": "Client", "en": "Customer"},
    "supplier": {"fr": "Fournisseur", "en": "Supplier"},
    "standard": {"fr": "Référentiel", "en": "Standard"},
    "draft_note": {
        "fr": "document non approuvé, sans valeur contractuelle",
        "en": "not approved, not binding",
    },
}
DRAFT = {"fr": "BROUILLON", "en": "DRAFT"}
CONTENTS = {"fr": "Sommaire", "en": "Contents"}
PAGE = {"fr": "Page", "en": "Page"}
OF = {"fr": "sur", "en": "of"}


def label(value: object, lang: str) -> str:
    """The word for an enumerated value (enum member or its string)."""
    key = getattr(value, "value", value)
    return LABELS[lang].get(str(key), str(key))
