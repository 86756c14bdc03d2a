#!/bin/sh
# Fuzz the loader, validate's file walk, durations and transactional writes for N minutes.
#
#   scripts/fuzz.sh [MINUTES] [SCALE]      (defaults: 10 minutes, 20x the usual examples)
#
# Runs the hypothesis suites again and again with fresh random seeds and the example
# counts raised (ITSMKIT_FUZZ_SCALE), until the time is up or one fails; a failure
# prints hypothesis' minimal falsifying example and exits 1. Writes nothing in the tree.
set -u
minutes=${1:-10}
scale=${2:-20}
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
[ -x "$python" ] || python=python3
tests="tests/test_fuzz_loader.py tests/test_fuzz_faults.py"
for extra in "$here"/tests/test_fuzz_import*.py; do
    [ -e "$extra" ] && tests="$tests ${extra#"$here"/}"
done
end=$(( $(date +%s) + minutes * 60 ))
rounds=0
cd "$here" || exit 2
while [ "$(date +%s)" -lt "$end" ]; do
    rounds=$((rounds + 1))
    # shellcheck disable=SC2086 # $tests is a list of paths
    if ! ITSMKIT_FUZZ_SCALE=$scale "$python" -m pytest -q -p no:cacheprovider \
        --hypothesis-show-statistics $tests > "${TMPDIR:-/tmp}/itsmkit-fuzz.log" 2>&1; then
        cat "${TMPDIR:-/tmp}/itsmkit-fuzz.log"
        echo "fuzz: FAILED in round $rounds (log above)" >&2
        exit 1
    fi
    tail -n 1 "${TMPDIR:-/tmp}/itsmkit-fuzz.log"
done
echo "fuzz: $rounds round(s) in $minutes minute(s) at scale $scale, no failure"
