package io.sweepstream.schemas.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void declaresEveryTopicWithItsSettings() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("sweeps", "1 compact SweepDefinition");
        expected.put("runs.requested", "1 delete RunRequest 7d");
        expected.put("runs.parked", "1 compact RunRequest");
        expected.put("runs.metrics", "6 delete EpochMetric 7d");
        expected.put("runs.results", "6 compact RunResult");
        expected.put("runs.checkpoints", "6 compact RunCheckpoint");
        expected.put("runs.control", "3 delete Control 1d");
        expected.put("workers.status", "3 compact WorkerStatus");
        expected.put("controllers.status", "1 compact ControllerStatus");
        expected.put("sweeps.summary", "1 compact SweepSummary");
        expected.put("runs.dlq", "1 delete DeadLetter 14d");

        Map<String, String> actual = Topics.all().stream().collect(Collectors.toMap(Topic::name,
                topic -> topic.partitions() + " " + topic.cleanupPolicy().config() + " "
                        + ((AvroSerde<?>) topic.valueSerde()).type().getSimpleName()
                        + topic.retention().map(r -> " " + r.toDays() + "d").orElse(""),
                (a, b) -> a, LinkedHashMap::new));

        assertEquals(expected, actual);
    }

    @Test
    void keysAreStringsExceptTheDeadLettersOriginalKeyBytes() {
        for (Topic<?, ?> topic : Topics.all()) {
            Class<?> expected = topic == Topics.RUNS_DLQ ? Serdes.ByteArray().getClass() : Serdes.String().getClass();
            assertEquals(expected, topic.keySerde().getClass(), topic.name());
        }
    }

    @Test
    void deleteTopicsAreCreatedWithTheirRetentionAndCompactedOnesWithBrokerDefaults() {
        NewTopic requested = Topics.RUNS_REQUESTED.newTopic((short) 3);
        NewTopic results = Topics.RUNS_RESULTS.newTopic((short) 1);

        assertEquals(1, requested.numPartitions());
        assertEquals(3, requested.replicationFactor());
        assertEquals(Map.of("cleanup.policy", "delete", "retention.ms", "604800000"), requested.configs());
        assertEquals(Map.of("cleanup.policy", "compact"), results.configs());
    }

    @Test
    void rejectsInconsistentTopicSettings() {
        AvroSerde<EpochMetric> values = AvroSerde.of(EpochMetric.class);

        assertThrows(IllegalArgumentException.class, () -> new Topic<>("t", Serdes.String(), values, 0,
                CleanupPolicy.DELETE, Optional.of(Duration.ofDays(1))));
        assertThrows(IllegalArgumentException.class, () -> new Topic<>("t", Serdes.String(), values, 1,
                CleanupPolicy.DELETE, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new Topic<>("t", Serdes.String(), values, 1,
                CleanupPolicy.COMPACT, Optional.of(Duration.ofDays(1))));
    }

    @Test
    void checkpointsTakeRecordsAboveTheDefaultLimitAndAreCleanedWithinTheHour() {
        assertEquals(Map.of("cleanup.policy", "compact", "max.message.bytes", "16777216", "segment.bytes", "67108864",
                "segment.ms", "3600000"), Topics.RUNS_CHECKPOINTS.newTopic((short) 1).configs());
        assertThrows(IllegalArgumentException.class, () -> new Topic<>("t", Serdes.String(), Serdes.String(), 1,
                CleanupPolicy.COMPACT, Optional.empty(), Map.of("cleanup.policy", "delete")));
    }

    @Test
    void namesAreUnique() {
        List<String> names = Topics.all().stream().map(Topic::name).toList();

        assertEquals(names.size(), names.stream().distinct().count());
    }
}
