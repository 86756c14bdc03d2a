"""The artefact model: base classes, shared types and one module per process area."""
