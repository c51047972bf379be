package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Commands that need Kafka, where none listens: one clear line, quickly, and no stack trace. */
class NoBrokerTest {

    /** Nothing listens on port 1. */
    private static final String NOBODY = "localhost:1";

    @Test
    void statusWithoutABrokerExits1WithinSecondsWithOneClearLine() {
        Cli.Result r = Cli.run("status", "--bootstrap", NOBODY);

        assertEquals(1, r.exitCode(), r::transcript);
        assertTrue(r.took().compareTo(Duration.ofSeconds(15)) < 0, () -> "took " + r.took());
        assertEquals(1, r.errLines().size(), r::transcript);
        assertTrue(r.err().startsWith("sweep status: no Kafka broker answers at " + NOBODY + " "), r::transcript);
        assertFalse(Cli.hasStackTrace(r.err()), r::transcript);
        assertEquals("", r.out(), r::transcript);
    }

    @Test
    void reportWithoutABrokerExits1WithOneClearLine() {
        Cli.Result r = Cli.run("report", "some-sweep", "--bootstrap", NOBODY);

        assertEquals(1, r.exitCode(), r::transcript);
        assertEquals(1, r.errLines().size(), r::transcript);
        assertTrue(r.err().startsWith("sweep report: no Kafka broker answers at " + NOBODY + " "), r::transcript);
        assertEquals("", r.out(), r::transcript);
    }

    @Test
    void submitChecksTheSpecBeforeLookingForABroker() throws URISyntaxException {
        Path invalid = Path.of(NoBrokerTest.class.getResource("/specs/invalid.yaml").toURI());

        Cli.Result r = Cli.run("submit", invalid.toString(), "--bootstrap", NOBODY);

        assertEquals(2, r.exitCode(), r::transcript);
        assertTrue(r.err().contains("parameters.dropout: "), r::transcript);
        assertFalse(r.err().contains("no Kafka broker answers"), r::transcript);
    }

    @Test
    void submitOfAMissingSpecFileExits2WithOneLineAndNoWait(@org.junit.jupiter.api.io.TempDir Path tmp) {
        Path missing = tmp.resolve("missing.yaml");

        Cli.Result r = Cli.run("submit", missing.toString(), "--bootstrap", NOBODY);

        assertEquals(2, r.exitCode(), r::transcript);
        // the one line is about the spec: the broker (nobody at port 1) was never asked
        assertEquals(java.util.List.of("sweep submit: spec file " + missing + " does not exist"), r.errLines(), r::transcript);
    }
}
