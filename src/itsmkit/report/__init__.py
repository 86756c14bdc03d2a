"""Printers: turn result objects into text, JSON, JUnit XML, SARIF or annotations."""
