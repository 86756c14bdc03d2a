"""Commands that change artefacts in place: rename."""
