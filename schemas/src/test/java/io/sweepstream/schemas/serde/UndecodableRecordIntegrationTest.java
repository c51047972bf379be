package io.sweepstream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.BrokerClients;
import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicAdmin;
import io.sweepstream.schemas.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RecordDeserializationException.DeserializationExceptionOrigin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes that are not a RunRequest, on the real runs.requested topic: both ways of consuming them
 * give an {@link UndecodableRecordException} naming topic, partition and offset.
 */
@ExtendWith(KafkaExtension.class)
class UndecodableRecordIntegrationTest {

    private static final Topic<String, RunRequest> TOPIC = Topics.RUNS_REQUESTED;
    /** The queue has one partition; each test reads back at the offsets its own sends returned. */
    private static final int RAW_PARTITION = 0;
    private static final int SERDE_PARTITION = 0;

    private static String bootstrapServers;

    @BeforeAll
    static void createThePipelineTopics(KafkaBackend backend) {
        bootstrapServers = backend.bootstrapServers();
        try (Admin admin = BrokerClients.admin(bootstrapServers)) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
    }

    static Stream<Arguments> garbage() {
        byte[] valid = TOPIC.encode(SampleEvents.fullRunRequest());
        byte[] unknownFingerprint = valid.clone();
        unknownFingerprint[5] ^= 0x5A;
        return Stream.of(
                Arguments.of("text", "not avro at all".getBytes(StandardCharsets.UTF_8),
                        "not Avro single-object encoding"),
                Arguments.of("an empty value", new byte[0], "not Avro single-object encoding"),
                Arguments.of("an unknown schema fingerprint", unknownFingerprint, "unknown schema fingerprint"),
                Arguments.of("another record type", Topics.RUNS_METRICS.encode(SampleEvents.fullEpochMetric()),
                        "unknown schema fingerprint"),
                Arguments.of("a truncated record", Arrays.copyOf(valid, valid.length / 2), "truncated record"),
                Arguments.of("a string length beyond the record", longFirstString(valid), "truncated record"));
    }

    /**
     * Header and fingerprint of a real RunRequest, then a first string (sweepId) claiming ~2 GB in
     * a 20-byte record: a decoder that allocates the claimed length before checking it would die
     * with OutOfMemoryError instead of reporting the record.
     */
    private static byte[] longFirstString(byte[] valid) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(valid, 0, 10);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            encoder.writeLong(Integer.MAX_VALUE - 16);
            encoder.writeFixed("sweep".getBytes(StandardCharsets.US_ASCII));
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void decodingRawBytesThrowsUndecodableRecordExceptionWithTheRecordsPosition(String what, byte[] garbage,
            String reason) throws Exception {
        RecordMetadata sent = send(RAW_PARTITION, "garbage-raw", garbage);

        ConsumerRecord<byte[], byte[]> record;
        try (KafkaConsumer<byte[], byte[]> consumer = BrokerClients.rawConsumer(bootstrapServers)) {
            record = BrokerClients.readAt(consumer, new TopicPartition(TOPIC.name(), RAW_PARTITION), sent.offset());
        }
        assertArrayEquals(garbage, record.value(), "the broker hands back the bytes as written");

        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> TOPIC.decode(record.partition(), record.offset(), record.value()));

        assertPosition(e, RAW_PARTITION, sent.offset(), reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void pollWithTheAvroSerdeThrowsAnExceptionThatGivesTheTypedOneWithTheRecordsPosition(String what, byte[] garbage,
            String reason) throws Exception {
        RecordMetadata sent = send(SERDE_PARTITION, "garbage-serde", garbage);
        RecordMetadata next = send(SERDE_PARTITION, "after-garbage", TOPIC.encode(SampleEvents.fullRunRequest()));
        TopicPartition partition = new TopicPartition(TOPIC.name(), SERDE_PARTITION);

        try (KafkaConsumer<String, RunRequest> consumer = BrokerClients.consumer(bootstrapServers, TOPIC)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());

            RecordDeserializationException polled = pollForError(consumer);

            assertEquals(partition, polled.topicPartition());
            assertEquals(sent.offset(), polled.offset());
            assertEquals(DeserializationExceptionOrigin.VALUE, polled.origin());
            assertArrayEquals(garbage, bytes(polled.valueBuffer()), "the raw value is there for a dead letter");
            assertEquals("garbage-serde", new String(bytes(polled.keyBuffer()), StandardCharsets.UTF_8));
            UndecodableRecordException thrown = assertInstanceOf(UndecodableRecordException.class, polled.getCause(),
                    "the serde throws its own exception, never a raw Avro one");
            assertEquals(TOPIC.name(), thrown.topic());

            UndecodableRecordException e = UndecodableRecordException.from(polled);

            assertPosition(e, SERDE_PARTITION, sent.offset(), reason);
            assertEquals(thrown.reason(), e.reason());

            // as UndecodableRecordException documents: seek past the poison record to go on
            consumer.seek(partition, polled.offset() + 1);
            ConsumerRecord<String, RunRequest> after = BrokerClients.readAt(consumer, partition, next.offset());
            assertEquals("after-garbage", after.key());
            assertEquals(SampleEvents.fullRunRequest(), after.value());
        }
    }

    private static void assertPosition(UndecodableRecordException e, int partition, long offset, String reason) {
        assertEquals(TOPIC.name(), e.topic());
        assertEquals(OptionalInt.of(partition), e.partition());
        assertEquals(OptionalLong.of(offset), e.offset());
        String where = "topic runs.requested, partition " + partition + ", offset " + offset;
        assertTrue(e.getMessage().contains(where), () -> "message names " + where + ": " + e.getMessage());
        assertTrue(e.reason().startsWith(reason), e.reason());
        assertTrue(e.reason().contains("RunRequest"), e.reason());
    }

    private static RecordMetadata send(int partition, String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = BrokerClients.rawProducer(bootstrapServers)) {
            return producer.send(new ProducerRecord<>(TOPIC.name(), partition,
                    key.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Polls until the consumer reaches the undecodable record and throws. */
    private static RecordDeserializationException pollForError(KafkaConsumer<String, RunRequest> consumer) {
        long deadline = System.nanoTime() + BrokerClients.RECORD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<String, RunRequest> records;
            try {
                records = consumer.poll(Duration.ofMillis(200));
            } catch (RecordDeserializationException e) {
                return e;
            }
            if (!records.isEmpty()) {
                fail("decoded " + records.iterator().next() + " instead of failing on the undecodable record");
            }
        }
        return fail("poll did not reach the undecodable record within " + BrokerClients.RECORD_TIMEOUT);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
