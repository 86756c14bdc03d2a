"""Standards as data: framework catalogs, mappings, evidence links, checklists, coverage.

Everything here reads YAML data shipped under ``itsmkit/data/frameworks`` and returns
result objects; printing lives in :mod:`itsmkit.frameworks.printers`. Nothing is read
until a command asks for it.
"""
