package io.sweepstream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

    private static final AvroSerde<EpochMetric> METRICS = AvroSerde.of(EpochMetric.class);

    /** Each topic with its full and its minimal sample value. */
    static Stream<Arguments> samples() {
        return Stream.of(
                arguments(Topics.SWEEPS, SampleEvents.fullSweepDefinition(), SampleEvents.minimalSweepDefinition()),
                arguments(Topics.RUNS_REQUESTED, SampleEvents.fullRunRequest(), SampleEvents.minimalRunRequest()),
                arguments(Topics.RUNS_PARKED, SampleEvents.fullRunRequest(), SampleEvents.minimalRunRequest()),
                arguments(Topics.RUNS_METRICS, SampleEvents.fullEpochMetric(), SampleEvents.minimalEpochMetric()),
                arguments(Topics.RUNS_RESULTS, SampleEvents.fullRunResult(), SampleEvents.minimalRunResult()),
                arguments(Topics.RUNS_CHECKPOINTS, SampleEvents.fullRunCheckpoint(), SampleEvents.minimalRunCheckpoint()),
                arguments(Topics.RUNS_CONTROL, SampleEvents.fullControl(), SampleEvents.minimalControl()),
                arguments(Topics.WORKERS_STATUS, SampleEvents.fullWorkerStatus(), SampleEvents.minimalWorkerStatus()),
                arguments(Topics.CONTROLLERS_STATUS, SampleEvents.fullControllerStatus(), SampleEvents.minimalControllerStatus()),
                arguments(Topics.SWEEPS_SUMMARY, SampleEvents.fullSweepSummary(), SampleEvents.minimalSweepSummary()),
                arguments(Topics.RUNS_DLQ, SampleEvents.fullDeadLetter(), SampleEvents.minimalDeadLetter()))
                .flatMap(List::stream);
    }

    private static <V> List<Arguments> arguments(Topic<?, V> topic, V full, V minimal) {
        return List.of(Arguments.of(topic, "full", full), Arguments.of(topic, "minimal", minimal));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    <V> void roundTripsEveryTopicValueThroughKafkaSerializerAndDeserializer(Topic<?, V> topic, String kind, V value) {
        Serializer<V> serializer = topic.valueSerde().serializer();
        Deserializer<V> deserializer = topic.valueSerde().deserializer();

        byte[] bytes = serializer.serialize(topic.name(), new RecordHeaders(), value);
        V back = deserializer.deserialize(topic.name(), new RecordHeaders(), bytes);

        assertEquals(value, back);
        // the ByteBuffer path is what KafkaConsumer uses since 3.x
        assertEquals(value, deserializer.deserialize(topic.name(), new RecordHeaders(), ByteBuffer.wrap(bytes)));
    }

    @Test
    void samplesCoverEveryTopicValueType() {
        // runs.parked holds runs.requested's type: one pair of samples per value type
        long valueTypes = Topics.all().stream().map(t -> ((AvroSerde<?>) t.valueSerde()).type()).distinct().count();
        assertEquals(2 * valueTypes, SampleEvents.all().size());
        assertEquals(2 * Topics.all().size(), samples().count());
    }

    @Test
    void fullSamplesCarryTheLargestRealisticValues() {
        assertEquals(10, SampleEvents.fullRunResult().getConfusionMatrix().size());
        assertTrue(SampleEvents.fullRunResult().getConfusionMatrix().stream().allMatch(row -> row.size() == 10));
        assertTrue(SampleEvents.fullRunResult().getError().length() >= 10_000);
        assertEquals(50, SampleEvents.fullSweepSummary().getLeaderboard().size());
    }

    @Test
    void carriesTheNaNAndInfiniteLossesOfADivergingRun() {
        EpochMetric diverged = SampleEvents.fullEpochMetric();
        diverged.setTrainLoss(Double.NaN);
        diverged.setValLoss(Double.NEGATIVE_INFINITY);

        EpochMetric back = METRICS.deserialize("runs.metrics", METRICS.serialize("runs.metrics", diverged));

        // compared field by field: Avro's record equals() treats NaN as unequal to itself
        assertTrue(Double.isNaN(back.getTrainLoss()));
        assertEquals(Double.NEGATIVE_INFINITY, back.getValLoss());
        assertEquals(diverged.getValAccuracy(), back.getValAccuracy());
    }

    @Test
    void writesSingleObjectHeaderAndSchemaFingerprint() {
        byte[] bytes = METRICS.serialize("runs.metrics", SampleEvents.fullEpochMetric());

        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(SchemaNormalization.parsingFingerprint64(EpochMetric.getClassSchema()), fingerprint);
    }

    @Test
    void tombstoneStaysNullBothWays() {
        assertNull(METRICS.serialize("runs.metrics", null));
        assertNull(METRICS.deserialize("runs.metrics", null));
        assertNull(METRICS.decode("runs.metrics", 2, 7L, null));
    }

    @Test
    void refusesToEncodeARecordMissingARequiredField() {
        EpochMetric incomplete = new EpochMetric(); // every field null, including required strings

        SerializationException e = assertThrows(SerializationException.class,
                () -> METRICS.serialize("runs.metrics", incomplete));
        assertTrue(e.getMessage().contains("runs.metrics"), e.getMessage());
    }

    static Stream<Arguments> undecodable() {
        byte[] valid = METRICS.serialize("runs.metrics", SampleEvents.fullEpochMetric());
        byte[] wrongFingerprint = valid.clone();
        wrongFingerprint[5] ^= 0x5A;
        byte[] otherType = AvroSerde.of(RunRequest.class).serialize("runs.requested", SampleEvents.fullRunRequest());
        return Stream.of(
                Arguments.of("garbage", "header", "not avro at all".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                Arguments.of("empty", "header", new byte[0]),
                Arguments.of("header only, cut inside the fingerprint", "header", Arrays.copyOf(valid, 6)),
                Arguments.of("unknown fingerprint", "fingerprint", wrongFingerprint),
                Arguments.of("another record type", "fingerprint", otherType),
                Arguments.of("truncated body", "truncated", Arrays.copyOf(valid, valid.length - 5)),
                Arguments.of("body missing", "truncated", Arrays.copyOf(valid, 10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undecodable")
    void deserializerNamesTheTopicOfUndecodableBytes(String label, String reason, byte[] bytes) {
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> METRICS.deserialize("runs.metrics", new RecordHeaders(), bytes));

        assertEquals("runs.metrics", e.topic());
        assertEquals(OptionalInt.empty(), e.partition());
        assertTrue(e.getMessage().contains("topic runs.metrics"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("EpochMetric"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undecodable")
    void decodeNamesTopicPartitionAndOffsetOfUndecodableBytes(String label, String reason, byte[] bytes) {
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> METRICS.decode("runs.metrics", 4, 1234L, bytes));

        assertEquals("runs.metrics", e.topic());
        assertEquals(OptionalInt.of(4), e.partition());
        assertEquals(OptionalLong.of(1234L), e.offset());
        assertTrue(e.getMessage().contains("topic runs.metrics, partition 4, offset 1234"), e.getMessage());
    }

    @Test
    void recoversPartitionAndOffsetFromTheConsumersWrapper() {
        UndecodableRecordException thrown = assertThrows(UndecodableRecordException.class,
                () -> METRICS.deserialize("runs.metrics", new byte[] {1, 2, 3}));
        // what KafkaConsumer.poll throws around a deserializer's exception
        RecordDeserializationException polled = new RecordDeserializationException(
                RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
                new TopicPartition("runs.metrics", 5), 99L, SampleEvents.T0, TimestampType.CREATE_TIME,
                null, ByteBuffer.wrap(new byte[] {1, 2, 3}), new RecordHeaders(), "Error deserializing VALUE", thrown);

        UndecodableRecordException e = UndecodableRecordException.from(polled);

        assertEquals("runs.metrics", e.topic());
        assertEquals(OptionalInt.of(5), e.partition());
        assertEquals(OptionalLong.of(99L), e.offset());
        assertEquals(thrown.reason(), e.reason());
        assertSame(thrown.getCause(), e.getCause(), "the original cause travels along");
    }

    @Test
    void decodesARecordWrittenWithAnOlderSchemaVersion() throws Exception {
        // EpochMetric before 'attempt' existed, as an old producer would have written it
        Schema v0 = Fixtures.schema("EpochMetric-v0.avsc");
        GenericRecord old = new GenericData.Record(v0);
        EpochMetric expected = SampleEvents.fullEpochMetric();
        for (Schema.Field field : v0.getFields()) {
            old.put(field.name(), expected.get(field.name()));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v0).encode(old, out);
        byte[] bytes = out.toByteArray();
        List<Schema> writers = new ArrayList<>(SchemaHistory.versions("EpochMetric"));
        writers.add(v0);

        EpochMetric decoded = AvroSerde.of(EpochMetric.class, writers).deserialize("runs.metrics", bytes);

        expected.setAttempt(1); // the reader's default fills the field the writer did not have
        assertEquals(expected, decoded);
        // and a serde that was not told about v0 reports it as unknown, not as garbage
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> METRICS.deserialize("runs.metrics", bytes));
        assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());
    }

    @Test
    void serdeIsItsOwnSerializerAndDeserializerAndSurvivesClose() {
        AvroSerde<EpochMetric> serde = AvroSerde.of(EpochMetric.class);
        serde.close(); // a producer closing must not break the shared instance
        SpecificRecord value = SampleEvents.minimalEpochMetric();

        byte[] bytes = serde.serializer().serialize("runs.metrics", (EpochMetric) value);

        assertArrayEquals(bytes, METRICS.serialize("runs.metrics", (EpochMetric) value));
        assertEquals(value, serde.deserializer().deserialize("runs.metrics", bytes));
    }
}
