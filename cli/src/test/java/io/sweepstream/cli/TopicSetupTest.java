package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.sweepstream.schemas.topic.TopicCheck;
import org.junit.jupiter.api.Test;

class TopicSetupTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    @Test
    void printsAWarningPerTopicAndGoesOn() {
        TopicSetup.report(List.of(
                new TopicCheck("sweeps", List.of("cleanup.policy was delete, set to compact"), List.of(), List.of()),
                new TopicCheck("runs.metrics", List.of(), List.of("3 partition(s) where Sweepstream creates 6 (left as is)"), List.of())),
                errStream);

        assertEquals("warning: topic sweeps: cleanup.policy was delete, set to compact (fixed)\n"
                + "warning: topic runs.metrics: 3 partition(s) where Sweepstream creates 6 (left as is)\n", text());
    }

    @Test
    void printsEveryLineThenFailsWhenAConfigCouldNotBeFixed() {
        List<TopicCheck> checks = List.of(
                new TopicCheck("sweeps", List.of(), List.of(), List.of("cleanup.policy is delete where Sweepstream needs compact, and setting it failed: denied")),
                new TopicCheck("runs.metrics", List.of("retention.ms was 1, set to 604800000"), List.of(), List.of()));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicSetup.report(checks, errStream));

        assertEquals("topic settings the pipeline depends on could not be fixed: sweeps (see the lines above)", e.getMessage());
        assertEquals("error: topic sweeps: cleanup.policy is delete where Sweepstream needs compact, and setting it failed: denied\n"
                + "warning: topic runs.metrics: retention.ms was 1, set to 604800000 (fixed)\n", text());
    }

    private String text() {
        return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
