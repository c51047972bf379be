# The JVM options of each role, in one place. Sourced by ./sweep (the launcher) and docker/entrypoint.sh
# (the image's launcher, which copies this file beside it); tools that start roles themselves
# (scripts/measure_trainer.py, scripts/LoadTest.java) ask `./sweep --print-java-opts ROLE`.
# POSIX sh: the image runs it with dash. Not executable on its own.

# sweep_java_opts ROLE JAVA_HOME: prints the options ROLE's JVM gets, one a line. The user's SWEEP_JAVA_OPTS come
# after them on the command line; here they only decide whether a trainer gets the default heap cap.
sweep_java_opts() {
  # The Vector API backend needs the incubator module (the engine falls back to another backend without it):
  # only the commands that train or time the engine load it, the others would print the JVM's incubator
  # warning for nothing; and only where the runtime has it (a trimmed JRE may not).
  case "$1" in
    trainer|local|train|bench|validate|submit)
      if sweep_java_has_vector "$2"; then printf '%s\n' --add-modules jdk.incubator.vector; fi ;;
  esac
  # Native BLAS through JNI needs native access on JDK 22+ (otherwise a warning, later an error).
  if [ "$(sweep_java_major "$2")" -ge 22 ]; then
    printf '%s\n' --enable-native-access=ALL-UNNAMED
  fi
  # A trainer's heap holds the dataset (55 MB of pixels), one network with its optimizer state and the
  # evaluation buffers; without a cap the JVM sizes it from the machine's RAM and a trainer's resident
  # memory grew to 680 MB (scripts/measure_trainer.py). Wide networks need more: SWEEP_JAVA_OPTS=-Xmx2g.
  if [ "$1" = trainer ]; then
    case " ${SWEEP_JAVA_OPTS:-} " in
      *" -Xmx"*) ;;
      *) printf '%s\n' -Xmx512m ;;
    esac
  fi
  # JIT-compile only what is really hot: a 12-run `sweep local` on 2 cores spent about 22 of its 52 CPU seconds
  # loading classes and compiling Kafka, Avro and JDK code that runs a few thousand times (docs/performance.md).
  # The engine's own classes and the Vector API they call go the other way: compiled at a tenth of the JDK's
  # thresholds. Until C2 has compiled it, Vector API code runs as plain Java objects, many times slower than
  # scalar code: a cold trainer's first epoch (5x32, batch 32, adam) trained at 17-21k samples/s, at 0.1
  # 36-59k (warm: 150-180k either way). `./sweep train -e 2 -b 32 -nhl 5 -sz 32`, medians of 2 on 2 cores.
  printf '%s\n' -XX:CompileThresholdScaling=5 -XX:CompileCommand=quiet \
    '-XX:CompileCommand=CompileThresholdScaling,io.sweepstream.trainer.*::*,0.1' \
    '-XX:CompileCommand=CompileThresholdScaling,jdk.incubator.vector.*::*,0.1'
}

# sweep_java_major JAVA_HOME: the runtime's feature version (17, 21, ...). The release file names it without
# starting a JVM; 17 (the oldest we run on) when nothing says.
sweep_java_major() {
  _sjo_major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true)
  if [ -z "$_sjo_major" ]; then
    _sjo_major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' || true)
  fi
  echo "${_sjo_major:-17}"
}

# sweep_java_has_vector JAVA_HOME: whether the runtime has the jdk.incubator.vector module, from the release
# file's module list, or from the JVM itself when the file has none.
sweep_java_has_vector() {
  if grep -q '^MODULES=' "$1/release" 2>/dev/null; then
    grep -q '^MODULES=.*[" ]jdk\.incubator\.vector[" ]' "$1/release"
  else  # grep reads all of java's output: an early exit would fail the pipe under ./sweep's pipefail
    "$1/bin/java" --list-modules 2>/dev/null | grep '^jdk\.incubator\.vector' >/dev/null
  fi
}

# sweep_java_home: the home of the `java` on PATH (links resolved: /usr/bin/java is one).
sweep_java_home() {
  _sjo_java=$(readlink -f "$(command -v java)")
  dirname "$(dirname "$_sjo_java")"
}
