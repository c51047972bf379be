#!/usr/bin/env bash
# Load test (issue 14): 1,000 tiny runs through a broker, 3 trainers, the evaluator and the dashboard, each
# its own JVM as ./sweep starts it, with the dashboard watched during the sweep (its JSON polled every second,
# a headless Chromium page open on it). Writes docs/bench/load-1000.json and the "Load" section of
# docs/reliability.md; prints one summary line and how long it all took. About 2-4 minutes.
# Usage: scripts/load_test.sh [--runs N] [--trainers N] [--epochs N] [--no-browser] [--out FILE] [--doc FILE]
#        (defaults: 1000 runs, 3 trainers, 1 epoch; a run other than the default writes no files unless told)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
start=$(date +%s)
./sweep --version >/dev/null   # builds cli/target/sweep.jar when it is missing or older than the sources
args=("$@")
if [ $# -eq 0 ]; then
  args=(--out docs/bench/load-1000.json --doc docs/reliability.md)
fi
status=0
java -cp cli/target/sweep.jar scripts/LoadTest.java --jar cli/target/sweep.jar --command "scripts/load_test.sh${*:+ $*}" "${args[@]}" || status=$?
echo "load_test.sh: took $(( $(date +%s) - start )) s" >&2
exit $status
