#!/usr/bin/env bash
# Create .venv, install itsmkit with its development tools, and run it on the bundled
# example company: import its helpdesk export, validate, then the mock audit. Safe to run
# again: an existing .venv is reused, and importing the same export again changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "creating .venv with $($PY --version)"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
echo "+ itsmkit import glpi examples/alpes-hebergement/exports/glpi-tickets.csv -C examples/alpes-hebergement"
.venv/bin/itsmkit import glpi examples/alpes-hebergement/exports/glpi-tickets.csv \
  -C examples/alpes-hebergement --imported-at 2026-11-20T17:30:00+01:00
echo "+ itsmkit validate examples/alpes-hebergement"
.venv/bin/itsmkit validate examples/alpes-hebergement
echo "+ itsmkit audit examples/alpes-hebergement"
.venv/bin/itsmkit audit examples/alpes-hebergement
