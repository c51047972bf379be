package io.sweepstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Helpers of {@code sweep bench}: statistics over repeats, the machine description, the NumPy peer
 * subprocess and the little JSON it needs (reading the peer's {@code RESULT} line, writing {@code --json}).
 */
final class BenchSupport {

    private BenchSupport() {
    }

    // ------------------------------------------------------------------ statistics

    /** Median (mean of the middle two for an even count), min and max of the finite values; NaN if none. */
    record Stats(double median, double min, double max, int count) {

        static Stats of(List<Double> values) {
            List<Double> v = new ArrayList<>();
            for (Double d : values) {
                if (d != null && Double.isFinite(d)) {
                    v.add(d);
                }
            }
            if (v.isEmpty()) {
                return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            Collections.sort(v);
            int n = v.size();
            double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
            return new Stats(median, v.get(0), v.get(n - 1), n);
        }
    }

    // ------------------------------------------------------------------ machine

    /** "model name" of the first CPU in /proc/cpuinfo, or null. */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? null : line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the line just omits it
        }
        return null;
    }

    /** The three load averages of /proc/loadavg ("0.52 0.61 0.70"), or null. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Cumulative "some" CPU-pressure stall of the whole machine in microseconds (Linux PSI, /proc/pressure/cpu), or -1.
     * Its growth over a measurement divided by the measurement's wall time is the fraction of time runnable threads
     * waited for a CPU: near 0 on a quiet machine, high when other work competes for the cores.
     */
    static long cpuPressureMicros() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/pressure/cpu"))) {
                if (line.startsWith("some")) {
                    int at = line.indexOf("total=");
                    return at < 0 ? -1 : Long.parseLong(line.substring(at + 6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // no PSI (not Linux, or disabled): the stall is reported as unknown
        }
        return -1;
    }

    /** Stall fraction between two {@link #cpuPressureMicros} readings over {@code seconds}, or NaN if unknown. */
    static double stallFraction(long before, long after, double seconds) {
        return before < 0 || after < 0 || seconds <= 0 ? Double.NaN : (after - before) / 1e6 / seconds;
    }

    // ------------------------------------------------------------------ peer subprocess

    /** What a finished subprocess printed (stdout and stderr merged) and its exit code. */
    record ProcessOutput(int exitCode, List<String> lines, double wallSeconds) {

        String tail(int n) {
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /** Runs a command to its end, collecting its merged output; {@code extraEnv} is added to the inherited environment. */
    static ProcessOutput run(List<String> command, Map<String, String> extraEnv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(extraEnv);
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } finally {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        int code = p.waitFor();
        return new ProcessOutput(code, lines, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The numbers of one peer run, from the last {@code RESULT {json}} line of numpy_mlp.py: {@code samples_per_sec}
     * (epochs × training samples / training seconds summed over the epochs, evaluation excluded), {@code val_acc}
     * (after the last epoch), {@code wall_seconds} (the epoch loop, validation included), {@code blas_threads}.
     */
    record PeerResult(double samplesPerSecond, double valAccuracy, double bestValAccuracy, double testAccuracy,
                      double trainSeconds, double wallSeconds, double bestEpochSamplesPerSecond, Integer blasThreads) {
    }

    /** Parses the last line starting with {@code RESULT } (as numpy_mlp.py and torch_mlp.py print it), or throws. */
    static PeerResult parseResult(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.startsWith("RESULT ")) {
                Object parsed = parseJson(line.substring("RESULT ".length()));
                if (!(parsed instanceof Map<?, ?> m)) {
                    throw new IllegalArgumentException("RESULT line is not a JSON object");
                }
                Object threads = m.get("blas_threads");
                return new PeerResult(number(m, "samples_per_sec", true), number(m, "val_acc", true),
                        number(m, "best_val_acc", false), number(m, "test_acc", false),
                        number(m, "train_seconds", false), number(m, "wall_seconds", false),
                        number(m, "best_epoch_samples_per_sec", false),
                        threads instanceof Number n ? Integer.valueOf(n.intValue()) : null);
            }
        }
        throw new IllegalArgumentException("no 'RESULT {json}' line in the output");
    }

    private static double number(Map<?, ?> m, String key, boolean required) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (required) {
            throw new IllegalArgumentException("RESULT has no number '" + key + "'");
        }
        return Double.NaN;
    }

    // ------------------------------------------------------------------ JSON

    /** Python's json.dumps writes NaN and Infinity by default; accept them. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** Objects become maps (in file order), arrays lists, numbers Integer/Long/Double. */
    static Object parseJson(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes maps (in their order), lists, strings, numbers and booleans; non-finite numbers become null. */
    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(finiteOrNull(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object finiteOrNull(Object v) {
        if (v instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(k, finiteOrNull(x)));
            return copy;
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(x -> copy.add(finiteOrNull(x)));
            return copy;
        }
        return v;
    }
}
