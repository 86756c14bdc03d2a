"""Validation rules: each yields issues, never raises on bad input."""
