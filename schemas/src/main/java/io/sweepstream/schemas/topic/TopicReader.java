package io.sweepstream.schemas.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic's committed values from the beginning, outside any group: for tools and tests. */
public final class TopicReader {

    private TopicReader() {
    }

    /** {@link #read(KafkaConnection, Topic, Predicate, int, Duration)} on a plaintext connection. */
    public static <V> List<V> read(String bootstrapServers, Topic<?, V> topic, Predicate<V> filter, int enough, Duration timeout) {
        return read(KafkaConnection.plaintext(bootstrapServers), topic, filter, enough, timeout);
    }

    /**
     * Values matching {@code filter}, in partition order, until {@code enough} matched or
     * {@code timeout} passed. Tombstones and undecodable values (the dead-letter topic's business) are skipped.
     */
    public static <V> List<V> read(KafkaConnection kafka, Topic<?, V> topic, Predicate<V> filter, int enough, Duration timeout) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(kafka.config(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.seekToBeginning(TopicReplay.assignAll(c, List.of(topic.name())));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && out.size() < enough) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    if (r.value() == null) {
                        continue;
                    }
                    V v;
                    try {
                        v = topic.decode(r.partition(), r.offset(), r.value());
                    } catch (UndecodableRecordException e) {
                        continue;
                    }
                    if (filter.test(v)) {
                        out.add(v);
                    }
                }
            }
        }
        return out;
    }
}
