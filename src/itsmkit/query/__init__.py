"""Read-only questions about a loaded repository: list, show, due."""
