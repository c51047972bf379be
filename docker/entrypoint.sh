#!/bin/sh
# Runs the sweep command with the JVM flags ./sweep uses.
set -eu
# Native BLAS stays single-threaded: trainers (one run each) are the parallelism.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# Exit on an OutOfMemoryError so the orchestrator restarts the role instead of leaving it half alive;
# not a trainer: there a run too large for the heap ends FAILED with the remedy and the trainer goes on
# (an exit would hand that run to the next trainer, and the next, until its delivery limit).
java_opts=""
if [ "${1:-}" != trainer ]; then
  java_opts="-XX:+ExitOnOutOfMemoryError"
fi
# The Vector API backend needs the incubator module (the engine falls back to another backend without
# it); as in ./sweep, only the commands that train or time the engine load it, if the JRE has it.
case "${1:-}" in
  trainer|local|train|bench|validate|submit)
    if java --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector'; then
      java_opts="--add-modules jdk.incubator.vector $java_opts"
    fi ;;
esac
# As ./sweep: a trainer's heap is capped at 512 MB (its resident memory grew to 680 MB uncapped) unless
# SWEEP_JAVA_OPTS sets -Xmx (wide networks: SWEEP_JAVA_OPTS=-Xmx2g, and a larger memory limit).
case " ${SWEEP_JAVA_OPTS:-} " in
  *" -Xmx"*) ;;
  *) if [ "${1:-}" = trainer ]; then java_opts="$java_opts -Xmx512m"; fi ;;
esac
# As ./sweep: JIT-compile only what is really hot (a third of a short sweep's CPU time went to compiling
# Kafka and JDK code that runs a few thousand times); the engine and the Vector API keep the JDK's thresholds.
java_opts="$java_opts -XX:CompileThresholdScaling=5 -XX:CompileCommand=quiet"
java_opts="$java_opts -XX:CompileCommand=CompileThresholdScaling,io.sweepstream.trainer.*::*,1.0"
java_opts="$java_opts -XX:CompileCommand=CompileThresholdScaling,jdk.incubator.vector.*::*,1.0"
set -f  # the patterns above are the JVM's, not file names
# shellcheck disable=SC2086
exec java $java_opts ${SWEEP_JAVA_OPTS:-} -jar /opt/sweep/sweep.jar "$@"
