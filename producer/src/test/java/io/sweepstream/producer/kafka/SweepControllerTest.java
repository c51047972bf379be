package io.sweepstream.producer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the controller role meets errors: it waits out retriable ones and stops on fatal ones with one line. */
class SweepControllerTest {

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install();
    }

    private final PrintStream stderr = System.err;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void captureLog() {
        // slf4j-simple writes to whatever System.err is at the time of the call
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(stderr);
    }

    @Test
    void waitsOutABrokerThatDoesNotAnswerSaysSoOnceAndThenFeedsTheSweep() throws Exception {
        MockConsumer<byte[], byte[]> flaky = new MockConsumer<>("earliest") {
            private int failures = 3;

            @Override
            public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                if (failures-- > 0) {
                    throw new TimeoutException("broker away");
                }
                return super.poll(timeout);
            }
        };
        MockClients clients = new MockClients(flaky, ControllerLoop.INPUTS, Map.of());
        flaky.schedulePollTask(() -> clients.add(Topics.SWEEPS, "sw", SweepRecords.definition("sw", ControllerLoopTest.SPEC, 5, 0)));

        try (SweepController service = service(clients).start()) {
            await(() -> clients.sentTo(Topics.RUNS_REQUESTED).size() == 2, "the sweep's first runs once Kafka answers");
            assertNull(service.failure(), "retriable errors never stop the controller");
        }
        // That it is said once is checked in EvaluatorServiceTest: this module's test logging hides warnings.
    }

    @Test
    void stopsOnAFatalErrorWithOneClearLineAndTheErrorInFailure() throws Exception {
        MockClients clients = new MockClients(ControllerLoop.INPUTS, Map.of());
        clients.consumer.setPollException(new TopicAuthorizationException(Set.of(Topics.RUNS_RESULTS.name())));

        try (SweepController service = service(clients).start()) {
            await(() -> service.failure() != null, "the controller to stop");
            assertInstanceOf(TopicAuthorizationException.class, service.failure());
        }
        assertEquals(1, count("controller stopped, not authorized"), log.toString());
        assertEquals(0, count("\tat "), "no stack trace for a known fatal error:\n" + log);
    }

    @Test
    void aCleanCloseIsNoFailure() throws Exception {
        MockClients clients = new MockClients(ControllerLoop.INPUTS, Map.of());
        SweepController service = service(clients).start();
        await(() -> !clients.consumer.assignment().isEmpty(), "the controller to start");

        service.close();

        assertNull(service.failure());
        assertTrue(clients.consumer.closed(), "its clients are closed");
    }

    private static SweepController service(MockClients clients) {
        return new SweepController(() -> new ControllerLoop(clients.consumer, clients.producer));
    }

    private long count(String text) {
        return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
