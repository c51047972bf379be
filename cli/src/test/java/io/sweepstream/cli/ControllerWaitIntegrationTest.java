package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.producer.kafka.SweepController;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A sweep that needs a controller never waits in silence: {@code submit} and {@code status} check for a live
 * controller by its heartbeat on {@code controllers.status}, against a real broker and a real controller.
 */
@ExtendWith(KafkaExtension.class)
class ControllerWaitIntegrationTest {

    private static String servers;

    @BeforeAll
    static void createTopics(KafkaBackend kafka) {
        servers = kafka.bootstrapServers();
        TopicSetup.createAll(servers, null);
    }

    @Test
    void aSweepThatNeedsAControllerSaysWhichCommandStartsOneUntilOneRuns() throws Exception {
        String start = "sweep controller --bootstrap " + servers;
        String waiting = "sweep paced-1 \"Tiny Parallel!\" waiting for a controller (start: " + start + "): 0/6 done";

        Cli.Result submitted = Cli.run("submit", spec("tiny-parallel.yaml"), "--sweep-id", "paced-1", "--bootstrap", servers);

        assertEquals(0, submitted.exitCode(), submitted::transcript);
        assertEquals("sweep paced-1: published 0 of 6 run(s) to " + servers, submitted.outLines().get(0), submitted::transcript);
        assertEquals("  parallelism 2: the controller publishes its runs, 2 at a time", submitted.outLines().get(1), submitted::transcript);
        assertEquals("  no controller is running: the sweep waits until one starts:", submitted.outLines().get(2), submitted::transcript);
        assertEquals("    " + start, submitted.outLines().get(3), submitted::transcript);
        assertTrue(statusLines().anyMatch(l -> l.endsWith(waiting)), "status says what it waits for, not 0/0 done");
        Cli.Result one = Cli.run("status", "--sweep", "paced-1", "--bootstrap", servers);
        assertTrue(one.outLines().get(0).endsWith(waiting), one::transcript);

        try (SweepController controller = new SweepController(servers).start()) {
            awaitStatus("the controller's heartbeat", lines -> lines.noneMatch(l -> l.contains("waiting for a controller")));
            assertTrue(statusLines().anyMatch(l -> l.endsWith("sweep paced-1 \"Tiny Parallel!\" ACTIVE: 0/6 done "
                    + "(no summary yet: is a 'sweep evaluator' running?)")), "no evaluator here: the sweep still has its line");

            Cli.Result again = Cli.run("submit", spec("tiny-parallel.yaml"), "--sweep-id", "paced-2", "--bootstrap", servers);

            assertEquals(0, again.exitCode(), again::transcript);
            assertTrue(again.outLines().get(1).matches("  parallelism 2: the controller publishes its runs, 2 at a time; controller-.+ is running"),
                    again::transcript);
            assertFalse(again.out().contains("no controller is running"), again::transcript);
        }
        // A clean stop writes a tombstone: the sweeps wait again at once, not after the heartbeat has aged.
        awaitStatus("the tombstone", lines -> lines.anyMatch(l -> l.endsWith(waiting)));
    }

    @Test
    void aGridSweepNeedsNoControllerAndNeverWaitsForOne() {
        Cli.Result submitted = Cli.run("submit", spec("tiny.yaml"), "--sweep-id", "grid-1", "--bootstrap", servers);

        assertEquals(0, submitted.exitCode(), submitted::transcript);
        assertEquals("sweep grid-1: published 6 of 6 run(s) to " + servers, submitted.outLines().get(0), submitted::transcript);
        assertFalse(submitted.out().contains("controller"), submitted::transcript);
        assertTrue(statusLines().noneMatch(l -> l.contains("grid-1") && l.contains("waiting")));
    }

    private static Stream<String> statusLines() {
        Cli.Result r = Cli.run("status", "--bootstrap", servers);
        assertEquals(0, r.exitCode(), r::transcript);
        return r.outLines().stream();
    }

    /** Status until its lines pass {@code check}: heartbeats and tombstones take a moment to be written. */
    private static void awaitStatus(String what, Predicate<Stream<String>> check) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Cli.Result r = Cli.run("status", "--bootstrap", servers);
            if (check.test(r.outLines().stream())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("status did not show " + what + " within 20 s\n" + r.transcript());
            }
            Thread.sleep(300);
        }
    }

    private static String spec(String name) {
        try {
            return Path.of(ControllerWaitIntegrationTest.class.getResource("/specs/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
