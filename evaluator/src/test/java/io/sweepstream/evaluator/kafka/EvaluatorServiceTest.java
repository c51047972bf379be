package io.sweepstream.evaluator.kafka;

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

import io.sweepstream.evaluator.leaderboard.SweepAggregator;
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

/** How the evaluator role meets errors: it waits out retriable ones, saying so once, and stops on fatal ones. */
class EvaluatorServiceTest {

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
    void waitsOutABrokerThatDoesNotAnswerSaysSoOnceAndThenPublishes() throws Exception {
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
        MockClients clients = new MockClients(flaky, EvaluatorLoop.INPUTS, Map.of());
        flaky.schedulePollTask(() -> clients.add(Topics.SWEEPS, "sw", EvaluatorLoopTest.definition("val_accuracy", 1)));

        try (EvaluatorService service = service(clients).start()) {
            await(() -> !clients.sentTo(Topics.SWEEPS_SUMMARY).isEmpty(), "a summary once Kafka answers");
            clients.producer.completeNext();
            await(() -> service.latest("sw") != null, "the acknowledged summary");
            assertNull(service.failure(), "retriable errors never stop the evaluator");
        }
        assertEquals(1, count("evaluator waits and retries"), "said once, not once per failed poll:\n" + log);
    }

    @Test
    void stopsOnAFatalErrorWithOneClearLineAndTheErrorInFailure() throws Exception {
        MockClients clients = new MockClients(EvaluatorLoop.INPUTS, Map.of());
        clients.consumer.setPollException(new TopicAuthorizationException(Set.of(Topics.RUNS_RESULTS.name())));

        try (EvaluatorService service = service(clients).start()) {
            await(() -> service.failure() != null, "the evaluator to stop");
            assertInstanceOf(TopicAuthorizationException.class, service.failure());
        }
        assertEquals(1, count("evaluator stopped, not authorized"), log.toString());
        assertEquals(0, count("\tat "), "no stack trace for a known fatal error:\n" + log);
    }

    @Test
    void aCleanCloseIsNoFailure() throws Exception {
        MockClients clients = new MockClients(EvaluatorLoop.INPUTS, Map.of());
        EvaluatorService service = service(clients).start();
        await(() -> !clients.consumer.assignment().isEmpty(), "the evaluator to start");

        service.close();

        assertNull(service.failure());
        assertTrue(clients.consumer.closed(), "its clients are closed");
    }

    private static EvaluatorService service(MockClients clients) {
        return new EvaluatorService(() -> new EvaluatorLoop(clients.consumer, clients.producer, new SweepAggregator(3), Duration.ZERO));
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
