"""The first line that ties a YAML file to its local JSON Schema (yaml-language-server).

Pure path arithmetic, at the bottom of the layers: the scaffold, the audit recorder and
the service-report writer all start their files with it.
"""

from __future__ import annotations

import posixpath

SCHEMA_DIR = ".itsmkit/schemas"
MODELINE_PREFIX = "# yaml-language-server: $schema="


def schemas_prefix(rel_file: str) -> str:
    """The path from the folder of ``rel_file`` (POSIX, relative to the root) to the schemas."""
    folder = posixpath.dirname(rel_file) or "."
    return posixpath.relpath(SCHEMA_DIR, folder)


def modeline(rel_file: str, schema_name: str) -> str:
    """The first line that ties ``rel_file`` to one of the local schemas (no newline)."""
    return f"{MODELINE_PREFIX}{schemas_prefix(rel_file)}/{schema_name}"
