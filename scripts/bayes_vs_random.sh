#!/usr/bin/env bash
# Bayes against random search on the classic Fashion-MNIST space (issue 13): runs
# examples/fashion-mnist-bayes.yaml through `sweep local` (2 trainers), then the same spec with
# method random (same seed, same budget), and writes the best validation accuracy after each number
# of runs (in run order) per method to JSON. scripts/search_figure.py draws it.
# Usage: scripts/bayes_vs_random.sh [RUN_CAP [EPOCHS [OUT.json]]]
#   RUN_CAP  runs per method (default: the spec's 40)
#   EPOCHS   replaces the spec's epochs values [5, 10] with this one value, to fit a smaller machine
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
spec=examples/fashion-mnist-bayes.yaml
run_cap=${1:-$(sed -n 's/^run_cap: *//p' "$spec")}
epochs=${2:-}
out=${3:-docs/bayes-vs-random.json}
sweep=${SWEEP:-./sweep}   # SWEEP="java -jar ..." to run a built jar as is
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_spec() { # method -> spec file
  local s="$work/$1.yaml"
  sed -e "s/^method: .*/method: $1/" -e "s/^name: .*/name: fashion-mnist-$1/" -e "s/^run_cap: .*/run_cap: $run_cap/" "$spec" >"$s"
  if [ -n "$epochs" ]; then
    # the line after "epochs:" holds its values
    sed -i "/^  epochs:/{n;s/values: .*/values: [$epochs]/}" "$s"
  fi
  echo "$s"
}

declare -A curves seconds
for method in bayes random; do
  s=$(make_spec "$method")
  echo "$(date +%T) $method: run_cap $run_cap${epochs:+, epochs $epochs} (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  t0=$(date +%s)
  $sweep local "$s" --trainers 2 --no-dashboard --top "$run_cap" >"$work/$method.log" 2>&1 || { cat "$work/$method.log" >&2; exit 1; }
  seconds[$method]=$(( $(date +%s) - t0 ))
  cp "$work/$method.log" "${out%.json}-$method.log"
  # Leaderboard lines: rank, run id (…-rNNNN), val_accuracy, test acc, config. Sorted by run index, the
  # running maximum is the best validation accuracy after k runs.
  curves[$method]=$(awk '$1 ~ /^[0-9]+$/ && $2 ~ /-r[0-9][0-9][0-9][0-9]$/ {
      idx = substr($2, length($2) - 3) + 0; print idx, $3, $4 }' "$work/$method.log" | sort -n |
    awk 'BEGIN { best = 0; sep = "" } { if ($2 > best) best = $2; printf "%s{\"run\": %d, \"val_accuracy\": %s, \"test_accuracy\": \"%s\", \"best_val_accuracy\": %.4f}", sep, $1, $2, $3, best; sep = ", " }')
  echo "$(date +%T) $method: done in ${seconds[$method]} s" >&2
done

cat >"$out" <<JSON
{"spec": "$spec", "command": "scripts/bayes_vs_random.sh $run_cap $epochs", "run_cap": $run_cap, "epochs": "${epochs:-5, 10}", "trainers": 2, "cores": $(nproc),
 "seconds": {"bayes": ${seconds[bayes]}, "random": ${seconds[random]}},
 "bayes": [${curves[bayes]}],
 "random": [${curves[random]}]}
JSON
echo "wrote $out" >&2
