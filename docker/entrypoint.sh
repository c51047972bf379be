#!/bin/sh
# Runs the sweep command with the JVM flags ./sweep uses.
set -eu
# Native BLAS stays single-threaded: trainers (one run each) are the parallelism.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# Size the heap from the container's memory limit (the JVM's default takes a quarter of it); exit on an
# OutOfMemoryError so the orchestrator restarts the role instead of leaving it half alive.
java_opts="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
# The Vector API backend needs the incubator module; the engine falls back to another backend without it.
if java --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector'; then
  java_opts="--add-modules jdk.incubator.vector $java_opts"
fi
# shellcheck disable=SC2086
exec java $java_opts ${SWEEP_JAVA_OPTS:-} -jar /opt/sweep/sweep.jar "$@"
