package io.sweepstream.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Runs {@code sweep} in-process with System.out and System.err captured (and restored afterwards). */
final class Cli {

    /** What one run of the command did. */
    record Result(int exitCode, String out, String err, Duration took) {

        List<String> outLines() {
            return lines(out);
        }

        List<String> errLines() {
            return lines(err);
        }

        /** For assertion messages: everything the command printed. */
        String transcript() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }

        private static List<String> lines(String s) {
            if (s.isEmpty()) {
                return List.of();
            }
            String trimmed = s.replaceFirst("\\R\\z", "");
            return List.of(trimmed.split("\\R", -1));
        }
    }

    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w.$/]+\\(", Pattern.MULTILINE);

    private Cli() {
    }

    /** Runs {@code sweep args...}; one at a time, since System.out and System.err are global. */
    static synchronized Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        long t0 = System.nanoTime();
        int code;
        try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(capturedOut);
            System.setErr(capturedErr);
            code = SweepCommand.run(args);
            capturedOut.flush();
            capturedErr.flush();
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** The repository's root (the directory holding {@code examples/}), found from the working directory up. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("examples/quick.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no examples/quick.yaml above " + Path.of("").toAbsolutePath());
    }

    /** True when {@code text} looks like it holds a Java stack trace. */
    static boolean hasStackTrace(String text) {
        return STACK_FRAME.matcher(text).find() || text.contains("Exception in thread") || text.contains("Caused by: ");
    }
}
