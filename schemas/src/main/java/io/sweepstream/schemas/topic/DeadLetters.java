package io.sweepstream.schemas.topic;

import java.nio.ByteBuffer;

import io.sweepstream.schemas.avro.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds the {@code runs.dlq} record for a consumed record that could not be used (a poison record:
 * it will never decode, so it is set aside with its reason and the consumer goes on).
 * Every role that consumes {@code byte[]} keys and values builds its dead letters here, so they all
 * say the same things the same way.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * The dead letter for {@code record}: its position, its key and value bytes unchanged, and why it failed.
     *
     * @param consumer who failed, e.g. {@code trainer worker-3} or {@code evaluator}
     */
    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record, Throwable error, String consumer) {
        return DeadLetter.newBuilder()
                .setTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setError(error.getMessage() != null ? error.getMessage() : error.toString())
                .setExceptionClass(error.getClass().getName())
                .setFailedAtMs(System.currentTimeMillis())
                .setConsumer(consumer)
                .build();
    }

    /**
     * The record to send to {@code runs.dlq}: keyed by the original key bytes, unchanged (they may
     * not even be text), valued by {@link #of}.
     */
    public static ProducerRecord<byte[], byte[]> record(ConsumerRecord<byte[], byte[]> record, Throwable error, String consumer) {
        return new ProducerRecord<>(Topics.RUNS_DLQ.name(), record.key(), Topics.RUNS_DLQ.encode(of(record, error, consumer)));
    }
}
