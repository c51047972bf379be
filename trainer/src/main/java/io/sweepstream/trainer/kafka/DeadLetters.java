package io.sweepstream.trainer.kafka;

import java.nio.ByteBuffer;

import io.sweepstream.schemas.avro.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Builds the {@code runs.dlq} record for a consumed record that could not be used. */
final class DeadLetters {

    private DeadLetters() {
    }

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record, Throwable error, String consumer) {
        return DeadLetter.newBuilder()
                .setTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setError(String.valueOf(error.getMessage()))
                .setExceptionClass(error.getClass().getName())
                .setFailedAtMs(System.currentTimeMillis())
                .setConsumer(consumer)
                .build();
    }
}
