"""The table of artefact kinds: ``kind`` value → model class.

Importing this module imports every process-area module, so only commands that
validate or render pay for it.
"""

from __future__ import annotations

from itsmkit.model import (  # noqa: F401  (imported for their @register side effect)
    agreement,
    audit,
    capacity,
    certification,
    design,
    finance,
    governance,
    operations,
    organisation,
    relationship,
    reporting,
    security,
    service,
)
from itsmkit.model.base import _REGISTRY, Artefact, Family

KINDS: dict[str, type[Artefact]] = dict(sorted(_REGISTRY.items()))
BATCH_KIND = "batch"


def kinds_of(family: Family) -> list[str]:
    """Kinds belonging to one family, sorted."""
    return [k for k, m in KINDS.items() if m.family is family]


def batchable_kinds() -> list[str]:
    """Kinds that may be stored many per file in a ``kind: batch`` file."""
    return [k for k, m in KINDS.items() if m.batchable]
