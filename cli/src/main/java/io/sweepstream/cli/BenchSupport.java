package io.sweepstream.cli;

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
                        threads instanceof Double d ? Integer.valueOf(d.intValue()) : null);
            }
        }
        throw new IllegalArgumentException("no 'RESULT {json}' line in the output");
    }

    private static double number(Map<?, ?> m, String key, boolean required) {
        Object v = m.get(key);
        if (v instanceof Double d) {
            return d;
        }
        if (required) {
            throw new IllegalArgumentException("RESULT has no number '" + key + "'");
        }
        return Double.NaN;
    }

    // ------------------------------------------------------------------ JSON in

    /**
     * A small JSON reader (objects → LinkedHashMap, arrays → List, numbers → Double, strings, booleans, null). It also
     * accepts Python's {@code NaN}, {@code Infinity} and {@code -Infinity}, which {@code json.dumps} writes by default.
     */
    static Object parseJson(String text) {
        JsonReader r = new JsonReader(text);
        Object v = r.value();
        r.skipSpace();
        if (r.pos != text.length()) {
            throw r.error("trailing characters");
        }
        return v;
    }

    private static final class JsonReader {
        private final String s;
        private int pos;

        JsonReader(String s) {
            this.s = s;
        }

        Object value() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                default:
                    if (s.startsWith("true", pos)) {
                        pos += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", pos)) {
                        pos += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", pos)) {
                        pos += 4;
                        return null;
                    }
                    if (s.startsWith("NaN", pos)) {
                        pos += 3;
                        return Double.NaN;
                    }
                    if (s.startsWith("Infinity", pos)) {
                        pos += 8;
                        return Double.POSITIVE_INFINITY;
                    }
                    if (s.startsWith("-Infinity", pos)) {
                        pos += 9;
                        return Double.NEGATIVE_INFINITY;
                    }
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a key");
                }
                String key = string();
                skipSpace();
                expect(':');
                m.put(key, value());
                skipSpace();
                char c = next();
                if (c == '}') {
                    return m;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                char c = next();
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("bad \\u escape");
                        }
                        b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> b.append(e); // \" \\ \/
                }
            }
        }

        private Double number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw error("unexpected character '" + s.charAt(pos) + "'");
            }
            try {
                return Double.valueOf(s.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("bad number " + s.substring(start, pos));
            }
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(pos);
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                pos--;
                throw error("expected '" + c + "'");
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad JSON at character " + pos + ": " + what);
        }
    }

    // ------------------------------------------------------------------ JSON out

    /** Writes JSON values: maps (in their order), lists, strings, numbers (non-finite as null), booleans, null. */
    static String toJson(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String str) {
            quote(b, str);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                b.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                b.append((long) d);
            } else {
                b.append(Double.toString(d)); // e.g. 0.8512 or 1.0E-4, both valid JSON
            }
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(b, list.get(i));
            }
            b.append(']');
        } else {
            quote(b, v.toString());
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
