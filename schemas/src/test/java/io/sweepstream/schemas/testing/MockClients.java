package io.sweepstream.schemas.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sweepstream.schemas.topic.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A role's clients without a broker: one partition per input topic, sends completed by hand. */
public final class MockClients {

    public final MockConsumer<byte[], byte[]> consumer;
    public final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final Map<String, Long> next = new HashMap<>();

    /** The input topics exist, with {@code ends} records each (by topic name; absent means empty). */
    public MockClients(List<String> topics, Map<String, Long> ends) {
        this(new MockConsumer<>("earliest"), topics, ends);
    }

    public MockClients(MockConsumer<byte[], byte[]> consumer, List<String> topics, Map<String, Long> ends) {
        this.consumer = consumer;
        Map<TopicPartition, Long> begin = new HashMap<>();
        Map<TopicPartition, Long> end = new HashMap<>();
        for (String topic : topics) {
            consumer.updatePartitions(topic, List.of(new PartitionInfo(topic, 0, null, null, null)));
            begin.put(new TopicPartition(topic, 0), 0L);
            end.put(new TopicPartition(topic, 0), ends.getOrDefault(topic, 0L));
        }
        consumer.updateBeginningOffsets(begin);
        consumer.updateEndOffsets(end);
    }

    /** A consumer whose first {@code polls} polls time out, as when the broker is away. */
    public static MockConsumer<byte[], byte[]> brokerAwayFor(int polls) {
        return new MockConsumer<>("earliest") {
            private int failures = polls;

            @Override
            public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                if (failures-- > 0) {
                    throw new TimeoutException("broker away");
                }
                return super.poll(timeout);
            }
        };
    }

    /** Appends a record; the partition must be assigned (after the loop's first step). */
    public <V> void add(Topic<String, V> topic, String key, V value) {
        addBytes(topic.name(), key.getBytes(StandardCharsets.UTF_8), topic.encode(value));
    }

    public void addBytes(String topic, byte[] key, byte[] value) {
        long offset = next.merge(topic, 1L, Long::sum) - 1;
        consumer.addRecord(new ConsumerRecord<>(topic, 0, offset, key, value));
    }

    public List<ProducerRecord<byte[], byte[]>> sentTo(Topic<?, ?> topic) {
        return producer.history().stream().filter(r -> r.topic().equals(topic.name())).toList();
    }
}
