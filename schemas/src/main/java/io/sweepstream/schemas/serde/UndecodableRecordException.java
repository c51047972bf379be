package io.sweepstream.schemas.serde;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * Bytes that are not a record of the expected type: not single-object encoded, written with a
 * schema this process does not know, or cut short. A poison record: dead-letter it, never retry.
 *
 * <p>Position: a Kafka {@code Deserializer} is only told the topic, so an exception thrown from
 * {@link AvroSerde#deserialize} carries the topic alone. Two ways to get partition and offset:
 * <ul>
 *   <li>consume {@code byte[]} values and call {@link AvroSerde#decode(String, int, long, byte[])},
 *       which throws this exception with topic, partition and offset; or</li>
 *   <li>give the {@link AvroSerde} to the consumer and catch the {@link RecordDeserializationException}
 *       that {@code poll} throws around ours, then call {@link #from(RecordDeserializationException)}:
 *       it returns this exception with the partition and offset the consumer knew. The raw bytes for
 *       the dead letter are in {@code e.keyBuffer()}/{@code e.valueBuffer()}; seek past
 *       {@code e.offset()} to go on.</li>
 * </ul>
 */
public class UndecodableRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Integer partition;
    private final Long offset;
    private final String reason;

    /**
     * @param topic     topic the bytes came from (null if unknown)
     * @param partition partition, or null if unknown
     * @param offset    offset, or null if unknown
     * @param reason    what is wrong with the bytes, e.g. "unknown schema fingerprint ..."
     * @param cause     the underlying Avro or I/O error
     */
    public UndecodableRecordException(String topic, Integer partition, Long offset, String reason, Throwable cause) {
        super(message(topic, partition, offset, reason), cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.reason = reason;
    }

    /**
     * The undecodable-record view of an exception thrown by {@code KafkaConsumer.poll}: ours, with
     * the partition and offset from {@code e} added; or, if some other deserializer failed, a new one
     * wrapping {@code e}'s cause.
     *
     * @throws SecurityException when Avro refused to load a class: a setup bug, not bad data
     */
    public static UndecodableRecordException from(RecordDeserializationException e) {
        if (e.getCause() instanceof SecurityException refused) {
            throw refused;
        }
        int partition = e.topicPartition().partition();
        String topic = e.topicPartition().topic();
        if (e.getCause() instanceof UndecodableRecordException ours) {
            return new UndecodableRecordException(topic, partition, e.offset(), ours.reason(), ours.getCause());
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new UndecodableRecordException(topic, partition, e.offset(), String.valueOf(cause.getMessage()), cause);
    }

    /** Topic the bytes came from; null if unknown. */
    public String topic() {
        return topic;
    }

    /** Partition, when the caller knew it. */
    public OptionalInt partition() {
        return partition == null ? OptionalInt.empty() : OptionalInt.of(partition);
    }

    /** Offset, when the caller knew it. */
    public OptionalLong offset() {
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** What is wrong with the bytes, without the position. */
    public String reason() {
        return reason;
    }

    private static String message(String topic, Integer partition, Long offset, String reason) {
        StringBuilder where = new StringBuilder("topic ").append(topic);
        if (partition != null) {
            where.append(", partition ").append(partition);
        }
        if (offset != null) {
            where.append(", offset ").append(offset);
        }
        return "Undecodable record at " + where + ": " + reason;
    }
}
