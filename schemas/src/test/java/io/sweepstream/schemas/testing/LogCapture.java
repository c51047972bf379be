package io.sweepstream.schemas.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test logs, to count its lines: {@code @RegisterExtension final LogCapture log = new LogCapture();}.
 * Each test starts with an empty log; stderr is restored after it, so nothing is printed.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream stderr;

    @Override
    public void beforeEach(ExtensionContext context) {
        log.reset();
        stderr = System.err;
        // slf4j-simple writes to whatever System.err is at the time of the call
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setErr(stderr);
    }

    /** How many lines contain {@code text}. */
    public long count(String text) {
        return toString().lines().filter(l -> l.contains(text)).count();
    }

    @Override
    public String toString() {
        return log.toString(StandardCharsets.UTF_8);
    }
}
