package io.sweepstream.evaluator.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.sweepstream.evaluator.leaderboard.SweepAggregator;
import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.testing.Await;
import io.sweepstream.schemas.testing.LogCapture;
import io.sweepstream.schemas.testing.MockClients;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the evaluator role meets errors: it waits out retriable ones, saying so once, and stops on fatal
 * ones (the rules themselves are RoleRunnerTest's, in schemas; this checks the evaluator keeps them).
 */
class EvaluatorServiceTest {

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install();
    }

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Test
    void waitsOutABrokerThatDoesNotAnswerSaysSoOnceAndThenPublishes() throws Exception {
        MockConsumer<byte[], byte[]> flaky = MockClients.brokerAwayFor(3);
        MockClients clients = new MockClients(flaky, EvaluatorLoop.INPUTS, Map.of());
        flaky.schedulePollTask(() -> clients.add(Topics.SWEEPS, "sw", EvaluatorLoopTest.definition("val_accuracy", 1)));

        try (EvaluatorService service = service(clients).start()) {
            Await.until(() -> !clients.sentTo(Topics.SWEEPS_SUMMARY).isEmpty(), "a summary once Kafka answers");
            clients.producer.completeNext();
            Await.until(() -> service.latest("sw") != null, "the acknowledged summary");
            assertNull(service.failure(), "retriable errors never stop the evaluator");
        }
        assertEquals(1, log.count("evaluator waits and retries"), "said once, not once per failed poll:\n" + log);
    }

    @Test
    void stopsOnAFatalErrorWithOneClearLineAndTheErrorInFailure() throws Exception {
        MockClients clients = new MockClients(EvaluatorLoop.INPUTS, Map.of());
        clients.consumer.setPollException(new TopicAuthorizationException(Set.of(Topics.RUNS_RESULTS.name())));

        try (EvaluatorService service = service(clients).start()) {
            Await.until(() -> service.failure() != null, "the evaluator to stop");
            assertInstanceOf(TopicAuthorizationException.class, service.failure());
        }
        assertEquals(1, log.count("evaluator stopped, not authorized"), log.toString());
        assertEquals(0, log.count("\tat "), "no stack trace for a known fatal error:\n" + log);
    }

    @Test
    void aCleanCloseIsNoFailure() throws Exception {
        MockClients clients = new MockClients(EvaluatorLoop.INPUTS, Map.of());
        EvaluatorService service = service(clients).start();
        Await.until(() -> !clients.consumer.assignment().isEmpty(), "the evaluator to start");

        service.close();

        assertNull(service.failure());
        assertTrue(clients.consumer.closed(), "its clients are closed");
    }

    private static EvaluatorService service(MockClients clients) {
        return new EvaluatorService(() -> new EvaluatorLoop(clients.consumer, clients.producer, new SweepAggregator(3), Duration.ZERO));
    }
}
