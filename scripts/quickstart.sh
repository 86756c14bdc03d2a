#!/usr/bin/env bash
# Create .venv, install itsmkit with its development tools, and run it on the bundled
# example company: import its helpdesk export, validate, then the mock audit (on a copy
# with a believable git history). Safe to run again: an existing .venv is reused, and
# importing the same export again changes nothing. Installs the exact versions of
# constraints.txt (the lock file; refresh: scripts/lock.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "creating .venv with $($PY --version)"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
# The real clients of itsmkit's output that the tests drive (yaml-language-server,
# sarif-multitool, @actions/core), pinned by tests/clients/package-lock.json.
if command -v npm >/dev/null 2>&1; then
  npm ci --prefix tests/clients --no-audit --no-fund --loglevel=error
else
  echo "npm not found: the tests that drive real clients will be skipped (CI fails them)"
fi
# The site's browser test drives headless Chromium (Debian package). Under CI, as root, it
# is installed here when missing (with CI set, that test fails rather than skips without it).
if [ -n "${CI:-}" ] && [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing chromium for the browser test"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
echo "+ itsmkit import glpi examples/alpes-hebergement/exports/glpi-tickets.csv -C examples/alpes-hebergement"
.venv/bin/itsmkit import glpi examples/alpes-hebergement/exports/glpi-tickets.csv \
  -C examples/alpes-hebergement --imported-at 2026-11-20T17:30:00+01:00
echo "+ itsmkit validate examples/alpes-hebergement"
.venv/bin/itsmkit validate examples/alpes-hebergement
# The example is judged as of its reference_date (itsmkit.yaml). The mock audit reads git
# history too, so it runs on a copy whose history is as the company would have made it.
echo "+ python examples/tools/build_history.py examples/alpes-hebergement build/alpes-hebergement"
.venv/bin/python examples/tools/build_history.py examples/alpes-hebergement build/alpes-hebergement
echo "+ itsmkit audit build/alpes-hebergement"
.venv/bin/itsmkit audit build/alpes-hebergement
