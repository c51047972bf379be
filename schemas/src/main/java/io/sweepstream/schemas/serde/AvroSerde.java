package io.sweepstream.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one generated Avro record type, in Avro single-object encoding:
 * {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, then the
 * binary body. The fingerprint is looked up in a {@link SchemaStore} holding every version in
 * {@link SchemaHistory}, so records written with an older schema are resolved to the current one.
 *
 * <p>One object is the {@link Serde}, its {@link Serializer} and its {@link Deserializer}. It is
 * thread-safe and stateless towards Kafka ({@code configure}/{@code close} do nothing), so one
 * instance may be shared by any number of producers and consumers; pass it to the client
 * constructor, e.g. {@code new KafkaConsumer<>(props, topic.keySerde().deserializer(),
 * topic.valueSerde().deserializer())}.
 *
 * <p>{@code null} (a tombstone) serializes to {@code null} and back. Bytes that cannot be read
 * throw {@link UndecodableRecordException}, never a raw Avro or buffer exception.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    static {
        // must run before the first decode of a generated class; see AvroClassTrust for why
        AvroClassTrust.install();
    }

    /** {@code C3 01} and the 8-byte little-endian CRC-64-AVRO fingerprint of the writer's schema. */
    private static final int HEADER_LENGTH = 10;

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    /** Readers by writer-schema fingerprint: each resolves that version to the current schema. */
    private final Map<Long, DatumReader<T>> readers = new HashMap<>();

    private AvroSerde(Class<T> type, Iterable<Schema> writerSchemas) {
        this.type = Objects.requireNonNull(type, "type");
        // the generated class's own model carries its conversions and class loader
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        // the current version always decodes, whatever the history holds
        readers.put(SchemaNormalization.parsingFingerprint64(schema), new SpecificDatumReader<>(schema, schema, model));
        for (Schema writer : writerSchemas) {
            readers.putIfAbsent(SchemaNormalization.parsingFingerprint64(writer), new SpecificDatumReader<>(writer, schema, model));
        }
    }

    /** A serde for {@code type} that reads every version of it in {@link SchemaHistory}. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type, SchemaHistory.versions(type.getSimpleName()));
    }

    /**
     * A serde for {@code type} that reads exactly the given writer schemas (plus the current one).
     * For tests and tools; production code uses {@link #of(Class)}.
     */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, Iterable<Schema> writerSchemas) {
        List<Schema> copy = new ArrayList<>();
        writerSchemas.forEach(copy::add);
        return new AvroSerde<>(type, copy);
    }

    /** The generated class this serde reads and writes. */
    public Class<T> type() {
        return type;
    }

    /** The current (writer and reader) schema. */
    public Schema schema() {
        return schema;
    }

    /** Encodes {@code data}; {@code null} stays {@code null}. */
    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            encoder.encode(data, out);
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            // a record the writer rejects (e.g. a null in a required field) is a caller bug
            throw new SerializationException("Cannot encode " + type.getSimpleName() + " for topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes bytes read from {@code topic}; {@code null} stays {@code null}.
     *
     * @throws UndecodableRecordException naming the topic (a Kafka deserializer is not told the
     *     partition and offset; see {@link UndecodableRecordException} for how to get them)
     */
    @Override
    public T deserialize(String topic, byte[] bytes) {
        return decode(topic, null, null, bytes);
    }

    /**
     * Decodes bytes read from a known position, for consumers of {@code byte[]} values.
     *
     * @throws UndecodableRecordException naming topic, partition and offset
     */
    public T decode(String topic, int partition, long offset, byte[] bytes) {
        return decode(topic, Integer.valueOf(partition), Long.valueOf(offset), bytes);
    }

    // Single-object encoding read by hand rather than with BinaryMessageDecoder: its stream decoder
    // allocates whatever length a corrupt string claims (a 20-byte poison record asking for 2 GB
    // ends in OutOfMemoryError), while a decoder over the byte array checks lengths against it.
    private T decode(String topic, Integer partition, Long offset, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String expected = " (expected " + type.getSimpleName() + ")";
        if (bytes.length < HEADER_LENGTH || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            throw new UndecodableRecordException(topic, partition, offset,
                    "not Avro single-object encoding, header is not C3 01 and an 8-byte fingerprint" + expected, null);
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        DatumReader<T> reader = readers.get(fingerprint);
        if (reader == null) {
            throw new UndecodableRecordException(topic, partition, offset, String.format(
                    "unknown schema fingerprint %016x, written with a schema this reader does not know%s", fingerprint, expected), null);
        }
        try {
            BinaryDecoder body = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
            return reader.read(null, body);
        } catch (SecurityException e) {
            // Avro refused to load a class: a setup bug of this process, not bad data; do not
            // dead-letter every record because of it
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException(topic, partition, offset, reason(e, bytes), e);
        }
    }

    private String reason(Exception e, byte[] bytes) {
        String expected = " (expected " + type.getSimpleName() + ")";
        // Avro wraps body errors ("Decoding datum failed"); the root cause says what happened
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof EOFException || root instanceof BufferUnderflowException) {
            return "truncated record, body ends early after " + bytes.length + " bytes" + expected;
        }
        return "corrupt record body, " + root + expected;
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    /** Nothing to configure: the type and the schemas are fixed at construction. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // stateless towards Kafka
    }

    /** Nothing to release; safe to call many times, so one instance can serve many clients. */
    @Override
    public void close() {
        // stateless towards Kafka
    }

    @Override
    public String toString() {
        return "AvroSerde[" + type.getSimpleName() + "]";
    }
}
