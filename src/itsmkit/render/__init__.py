"""Deliverables: Markdown and Word documents rendered from artefacts with Jinja templates."""
