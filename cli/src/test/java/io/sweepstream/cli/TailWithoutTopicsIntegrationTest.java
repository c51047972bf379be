package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code sweep tail} on a fresh broker, before anything created the Sweepstream topics. */
@ExtendWith(KafkaExtension.class)
class TailWithoutTopicsIntegrationTest {

    @Test
    void tailOnABrokerWithoutTopicsWaitsForEventsInsteadOfFailing(KafkaBackend kafka) {
        Cli.Result r = Cli.run("tail", "results", "--idle-exit", "1", "--bootstrap", kafka.bootstrapServers());

        assertEquals(0, r.exitCode(), r::transcript);
        assertEquals("", r.err(), r::transcript);
        assertEquals("", r.out(), r::transcript);
    }
}
