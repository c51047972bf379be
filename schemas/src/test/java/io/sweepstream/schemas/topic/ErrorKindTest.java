package io.sweepstream.schemas.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import io.sweepstream.schemas.serde.UndecodableRecordException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

class ErrorKindTest {

    @Test
    void aRecordThatCannotBeDecodedIsPoison() {
        assertEquals(ErrorKind.POISON, ErrorKind.of(new UndecodableRecordException("t", 0, 1L, "bad", null)));
    }

    @Test
    void brokerDownTimeoutsLeaderChangesAndMissingTopicsAreRetriable() {
        assertEquals(ErrorKind.RETRIABLE, ErrorKind.of(new TimeoutException("x")));
        assertEquals(ErrorKind.RETRIABLE, ErrorKind.of(new NotLeaderOrFollowerException("x")));
        assertEquals(ErrorKind.RETRIABLE, ErrorKind.of(new UnknownTopicOrPartitionException("x")));
    }

    @Test
    void securityUnsupportedBrokersAndBugsAreFatalAndSayWhatToCheck() {
        assertEquals(ErrorKind.FATAL, ErrorKind.of(new TopicAuthorizationException(Set.of("runs.results"))));
        assertEquals(ErrorKind.FATAL, ErrorKind.of(new SaslAuthenticationException("x")));
        assertEquals(ErrorKind.FATAL, ErrorKind.of(new SecurityException("Forbidden io.sweepstream.schemas.avro.RunResult")));
        assertEquals(ErrorKind.FATAL, ErrorKind.of(new UnsupportedVersionException("x")));
        assertEquals(ErrorKind.FATAL, ErrorKind.of(new NullPointerException()));

        assertTrue(ErrorKind.explain(new TopicAuthorizationException(Set.of("runs.results"))).startsWith("not authorized"));
        assertTrue(ErrorKind.explain(new SecurityException("Forbidden")).contains("AvroClassTrust"));
    }
}
