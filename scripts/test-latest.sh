#!/usr/bin/env bash
# Run the test suite against the newest release of every dependency, ignoring the lock file,
# so that the next upstream change (a new PyYAML, typer, pydantic, ruff...) is seen here
# before a user sees it. Works in a temporary venv; the checkout's .venv is left alone.
# Usage: bash scripts/test-latest.sh [PYTEST ARGS...]
#   PYTHON=python3.10 bash scripts/test-latest.sh     # also the oldest supported Python
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$("$PY" --version)  # fails early when PYTHON is not an interpreter
echo "temporary venv with $version in $tmp"
"$PY" -m venv "$tmp/venv"
pip=("$tmp/venv/bin/python" -m pip --quiet --disable-pip-version-check)
"${pip[@]}" install --upgrade pip
# No constraints, --upgrade (with eager strategy): the newest release of every dependency.
"${pip[@]}" install --upgrade --upgrade-strategy eager --no-cache-dir -e '.[dev]'
echo "newest versions differing from constraints.txt:"
"$tmp/venv/bin/python" -m pip freeze --exclude itsmkit --disable-pip-version-check |
  grep -vxFf <(grep -v '^#' constraints.txt) || echo "  (none)"
# The tests find the tools next to the interpreter that runs them: this venv's, not .venv's.
ITSMKIT_UNPINNED=1 "$tmp/venv/bin/python" -m pytest -p no:cacheprovider "$@"
