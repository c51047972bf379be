package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code sweep tail} on a fresh broker, before anything created the Sweepstream topics. */
@Disabled("bug: TailCommand.follow assigns the empty partition list of a topic that does not exist yet, and the"
        + " first poll fails with 'Consumer is not subscribed to any topics or assigned any partitions' (exit 1);"
        + " fix: TopicSetup.createAll(servers, null) in TailCommand.run, as SubmitCommand does")
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
