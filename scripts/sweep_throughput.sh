#!/usr/bin/env bash
# Sweep throughput (issue 10): examples/bench-12.yaml through `sweep local` (2 trainers, one run per
# core; everything counted: JVM start, embedded Kafka, data loading, evaluation) against the NumPy
# peer (numpy_mlp.py, float32, its default BLAS threads) over the same 12 configurations one after
# another, each its own process as a user would run it. Repeats interleaved; prints the wall times
# and one JSON line at the end, with the CPU time (user+sys of every process) of each side: on a shared
# machine wall time stretches with the load, CPU time much less.
# Usage: scripts/sweep_throughput.sh [repeats]    (needs ../shared/bench/peers and python3-numpy)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers=${PEERS:-$root/../shared/bench/peers}
repeats=${1:-1}
cd "$root"
./sweep validate examples/bench-12.yaml >/dev/null
# Untimed: the first `sweep local` after a build records ./sweep's class-data archive (a few seconds at its
# exit); every later one maps it, as a user's second sweep does.
./sweep local examples/bench-12.yaml --top 12 >/tmp/sweep-throughput-local.log 2>&1

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
ours=()
numpy=()
ours_cpu=()
numpy_cpu=()
# bash's `time` counts the user and system time of the command and every child it waited for
TIMEFORMAT='%R %U %S'
cpu_of() { awk '{printf "%.2f", $2 + $3}' "$1"; }
for r in $(seq 1 "$repeats"); do
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  t0=$(date +%s.%N)
  { time ./sweep local examples/bench-12.yaml --top 12 >/tmp/sweep-throughput-local.log 2>&1; } 2>/tmp/sweep-throughput-cpu
  t1=$(date +%s.%N)
  ours+=("$(echo "$t1 - $t0" | bc)")
  ours_cpu+=("$(cpu_of /tmp/sweep-throughput-cpu)")
  echo "repeat $r: sweep local (2 trainers): ${ours[-1]} s, ${ours_cpu[-1]} s of CPU" >&2
  t0=$(date +%s.%N)
  { time for layers in 3 5; do
    for width in 32 128; do
      for opt in adam nadam momentum; do
        python3 "$peers/numpy_mlp.py" -L "$layers" -H "$width" --activation relu --optimizer "$opt" --lr 0.001 \
          --momentum 0.9 --batch-size 32 --epochs 2 --seed 1 --dtype float32 >/dev/null
      done
    done
  done; } 2>/tmp/sweep-throughput-cpu
  t1=$(date +%s.%N)
  numpy+=("$(echo "$t1 - $t0" | bc)")
  numpy_cpu+=("$(cpu_of /tmp/sweep-throughput-cpu)")
  echo "repeat $r: numpy float32, 12 runs one after another: ${numpy[-1]} s, ${numpy_cpu[-1]} s of CPU" >&2
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mo=$(median "${ours[@]}")
mn=$(median "${numpy[@]}")
printf '{"spec": "examples/bench-12.yaml", "command": "scripts/sweep_throughput.sh %d", "repeats": %d, "sweep_local_seconds": [%s], "numpy_sequential_seconds": [%s], "sweep_local_median": %s, "numpy_sequential_median": %s, "median_ratio": %.2f, "sweep_local_cpu_seconds": [%s], "numpy_sequential_cpu_seconds": [%s], "cores": %d, "load_average_start": "%s", "load_average_end": "%s"}\n' \
  "$repeats" "$repeats" "$(IFS=,; echo "${ours[*]}")" "$(IFS=,; echo "${numpy[*]}")" "$mo" "$mn" "$(echo "$mn / $mo" | bc -l)" \
  "$(IFS=,; echo "${ours_cpu[*]}")" "$(IFS=,; echo "${numpy_cpu[*]}")" "$(nproc)" \
  "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)"
