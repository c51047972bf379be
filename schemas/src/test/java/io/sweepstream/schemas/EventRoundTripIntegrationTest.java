package io.sweepstream.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.topic.CleanupPolicy;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicAdmin;
import io.sweepstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event type through a real broker with its topic's serdes, and back, unchanged. */
@ExtendWith(KafkaExtension.class)
class EventRoundTripIntegrationTest {

    private static String bootstrapServers;

    @BeforeAll
    static void createThePipelineTopics(KafkaBackend backend) {
        bootstrapServers = backend.bootstrapServers();
        try (Admin admin = BrokerClients.admin(bootstrapServers)) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
    }

    /** Each topic with a key of this test and its full and its minimal sample value. */
    static Stream<Arguments> samples() {
        return Stream.of(
                arguments(Topics.SWEEPS, "rt-sweep", SampleEvents.fullSweepDefinition(), SampleEvents.minimalSweepDefinition()),
                arguments(Topics.RUNS_REQUESTED, "rt-request", SampleEvents.fullRunRequest(), SampleEvents.minimalRunRequest()),
                arguments(Topics.RUNS_PARKED, "rt-parked", SampleEvents.fullRunRequest(), SampleEvents.minimalRunRequest()),
                arguments(Topics.RUNS_METRICS, "rt-metric", SampleEvents.fullEpochMetric(), SampleEvents.minimalEpochMetric()),
                arguments(Topics.RUNS_RESULTS, "rt-result", SampleEvents.fullRunResult(), SampleEvents.minimalRunResult()),
                arguments(Topics.RUNS_CHECKPOINTS, "rt-checkpoint", SampleEvents.fullRunCheckpoint(), SampleEvents.minimalRunCheckpoint()),
                arguments(Topics.RUNS_CONTROL, "rt-control", SampleEvents.fullControl(), SampleEvents.minimalControl()),
                arguments(Topics.WORKERS_STATUS, "rt-worker", SampleEvents.fullWorkerStatus(), SampleEvents.minimalWorkerStatus()),
                arguments(Topics.CONTROLLERS_STATUS, "rt-controller", SampleEvents.fullControllerStatus(), SampleEvents.minimalControllerStatus()),
                arguments(Topics.SWEEPS_SUMMARY, "rt-summary", SampleEvents.fullSweepSummary(), SampleEvents.minimalSweepSummary()),
                // dead letters keep the original key bytes, which need not be UTF-8
                deadLetterArguments())
                .flatMap(List::stream);
    }

    private static <V> List<Arguments> arguments(Topic<String, V> topic, String key, V full, V minimal) {
        return List.of(Arguments.of(topic, "full", key + "-full", full),
                Arguments.of(topic, "minimal", key + "-minimal", minimal));
    }

    private static List<Arguments> deadLetterArguments() {
        return List.of(
                Arguments.of(Topics.RUNS_DLQ, "full", new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 'r', 't', 1},
                        SampleEvents.fullDeadLetter()),
                Arguments.of(Topics.RUNS_DLQ, "minimal", new byte[] {(byte) 0xC0, (byte) 0x80, 'r', 't', 2},
                        SampleEvents.minimalDeadLetter()));
    }

    @Test
    void theSamplesCoverEveryTopicInBothShapes() {
        assertEquals(2 * Topics.all().size(), samples().count());
        assertEquals(Topics.all().size(), samples().map(arguments -> arguments.get()[0]).distinct().count());
    }

    @ParameterizedTest(name = "the {1} sample on {0}")
    @MethodSource("samples")
    <K, V> void everyEventComesBackFromItsTopicEqualToTheOriginal(Topic<K, V> topic, String shape, K key, V sample)
            throws Exception {
        // Avro's equals() never matches a NaN in a double field, so a NaN would fail this for nothing
        assertNull(BrokerClients.nanIn((SpecificRecord) sample), "the sample holds no NaN");

        RecordMetadata sent;
        try (KafkaProducer<K, V> producer = BrokerClients.producer(bootstrapServers, topic)) {
            sent = producer.send(new ProducerRecord<>(topic.name(), key, sample)).get(30, TimeUnit.SECONDS);
        }
        ConsumerRecord<K, V> back;
        try (KafkaConsumer<K, V> consumer = BrokerClients.consumer(bootstrapServers, topic)) {
            back = BrokerClients.readAt(consumer, new TopicPartition(topic.name(), sent.partition()), sent.offset());
        }

        assertEquals(sample, back.value());
        assertEquals(sample.getClass(), back.value().getClass(), "decoded as the generated class");
        if (key instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) back.key(), "key bytes unchanged");
        } else {
            assertEquals(key, back.key());
        }
    }

    static Stream<Topic<?, ?>> compactedTopics() {
        return Topics.all().stream().filter(topic -> topic.cleanupPolicy() == CleanupPolicy.COMPACT);
    }

    @Test
    void thereAreCompactedTopicsToDeleteFrom() {
        assertEquals(List.of("sweeps", "runs.parked", "runs.results", "runs.checkpoints", "workers.status", "controllers.status", "sweeps.summary"),
                compactedTopics().map(Topic::name).toList());
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("compactedTopics")
    <V> void aTombstoneOnACompactedTopicComesBackAsNull(Topic<String, V> topic) throws Exception {
        String key = "rt-tombstone-" + topic.name();
        V sample = BrokerClients.fullSample(topic);

        RecordMetadata value;
        RecordMetadata tombstone;
        try (KafkaProducer<String, V> producer = BrokerClients.producer(bootstrapServers, topic)) {
            value = producer.send(new ProducerRecord<>(topic.name(), key, sample)).get(30, TimeUnit.SECONDS);
            tombstone = producer.send(new ProducerRecord<>(topic.name(), key, null)).get(30, TimeUnit.SECONDS);
        }
        assertEquals(value.partition(), tombstone.partition(), "same key, same partition");
        TopicPartition partition = new TopicPartition(topic.name(), tombstone.partition());

        try (KafkaConsumer<String, V> consumer = BrokerClients.consumer(bootstrapServers, topic)) {
            assertEquals(sample, BrokerClients.readAt(consumer, partition, value.offset()).value());
            ConsumerRecord<String, V> deleted = BrokerClients.readAt(consumer, partition, tombstone.offset());
            assertEquals(key, deleted.key());
            assertNull(deleted.value());
        }
        try (KafkaConsumer<byte[], byte[]> raw = BrokerClients.rawConsumer(bootstrapServers)) {
            assertNull(BrokerClients.readAt(raw, partition, tombstone.offset()).value(),
                    "a real tombstone on the wire (null, not empty bytes)");
        }
    }
}
