#!/usr/bin/env bash
# Create .venv, install itsmkit with its development tools, and run it on the bundled
# example company: validate, then the mock audit. Safe to run again: an existing .venv is reused.
# Installs the exact versions of constraints.txt (the lock file; refresh: scripts/lock.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "creating .venv with $($PY --version)"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
echo "+ itsmkit validate examples/alpes-hebergement"
.venv/bin/itsmkit validate examples/alpes-hebergement
echo "+ itsmkit audit examples/alpes-hebergement"
.venv/bin/itsmkit audit examples/alpes-hebergement
