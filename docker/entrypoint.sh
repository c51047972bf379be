#!/bin/sh
# Runs the sweep command with the JVM options ./sweep uses: both take them from java-opts.sh (copied beside
# this script in the image, docker/java-opts.sh in the repository).
set -eu
# shellcheck source=docker/java-opts.sh
. "$(dirname "$0")/java-opts.sh"
# Native BLAS stays single-threaded: trainers (one run each) are the parallelism.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
java_opts=$(sweep_java_opts "${1:-}" "$(sweep_java_home)")
# Only here, not in ./sweep: exit on an OutOfMemoryError so the orchestrator restarts the role instead of
# leaving it half alive; not a trainer: there a run too large for the heap ends FAILED with the remedy and
# the trainer goes on (an exit would hand that run to the next trainer, and the next, until its delivery limit).
if [ "${1:-}" != trainer ]; then
  java_opts="$java_opts -XX:+ExitOnOutOfMemoryError"
fi
set -f  # the options' patterns are the JVM's, not file names; they hold no spaces, one a line
# shellcheck disable=SC2086
exec java $java_opts ${SWEEP_JAVA_OPTS:-} -jar /opt/sweep/sweep.jar "$@"
