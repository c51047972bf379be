package io.sweepstream.producer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

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
 * How the controller role meets errors: it waits out retriable ones and stops on fatal ones with one
 * line (the rules themselves are RoleRunnerTest's, in schemas; this checks the controller keeps them).
 */
class SweepControllerTest {

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install();
    }

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Test
    void waitsOutABrokerThatDoesNotAnswerSaysSoOnceAndThenFeedsTheSweep() throws Exception {
        MockConsumer<byte[], byte[]> flaky = MockClients.brokerAwayFor(3);
        MockClients clients = new MockClients(flaky, ControllerLoop.INPUTS, Map.of());
        flaky.schedulePollTask(() -> clients.add(Topics.SWEEPS, "sw", SweepRecords.definition("sw", ControllerLoopTest.SPEC, 5, 0)));

        try (SweepController service = service(clients).start()) {
            Await.until(() -> clients.sentTo(Topics.RUNS_REQUESTED).size() == 2, "the sweep's first runs once Kafka answers");
            assertNull(service.failure(), "retriable errors never stop the controller");
        }
        // That it is said once is checked in RoleRunnerTest and EvaluatorServiceTest: this module's test logging hides warnings.
    }

    @Test
    void stopsOnAFatalErrorWithOneClearLineAndTheErrorInFailure() throws Exception {
        MockClients clients = new MockClients(ControllerLoop.INPUTS, Map.of());
        clients.consumer.setPollException(new TopicAuthorizationException(Set.of(Topics.RUNS_RESULTS.name())));

        try (SweepController service = service(clients).start()) {
            Await.until(() -> service.failure() != null, "the controller to stop");
            assertInstanceOf(TopicAuthorizationException.class, service.failure());
        }
        assertEquals(1, log.count("controller stopped, not authorized"), log.toString());
        assertEquals(0, log.count("\tat "), "no stack trace for a known fatal error:\n" + log);
    }

    @Test
    void aCleanCloseIsNoFailure() throws Exception {
        MockClients clients = new MockClients(ControllerLoop.INPUTS, Map.of());
        SweepController service = service(clients).start();
        Await.until(() -> !clients.consumer.assignment().isEmpty(), "the controller to start");

        service.close();

        assertNull(service.failure());
        assertTrue(clients.consumer.closed(), "its clients are closed");
    }

    private static SweepController service(MockClients clients) {
        return new SweepController(() -> new ControllerLoop(clients.consumer, clients.producer));
    }
}
