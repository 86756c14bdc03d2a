"""The command-line layer: option parsing, printing and exit codes only."""
