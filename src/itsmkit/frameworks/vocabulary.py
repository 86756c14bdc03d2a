"""Where the ticket vocabularies come from (seed 004, or itsmkit's own)."""

from __future__ import annotations

from functools import cache

from itsmkit.frameworks.catalog import frameworks_dir, load_data
from itsmkit.frameworks.schema.vocabulary import VocabularyFile

FILE = "itil4-user-relations.yaml"


@cache
def user_relations() -> VocabularyFile:
    """Request categories, ticket statuses and service states with their sources."""
    return load_data(frameworks_dir() / "vocabularies" / FILE, VocabularyFile)
