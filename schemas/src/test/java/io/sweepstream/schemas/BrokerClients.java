package io.sweepstream.schemas;

import static org.junit.jupiter.api.Assertions.fail;

import io.sweepstream.schemas.serde.AvroSerde;
import io.sweepstream.schemas.topic.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Clients of the test broker, with bounded timeouts, for the broker-backed tests of this module. */
public final class BrokerClients {

    /** How long a test waits for one record before it fails (the broker is local). */
    public static final Duration RECORD_TIMEOUT = Duration.ofSeconds(15);

    private BrokerClients() {}

    public static Admin admin(String bootstrapServers) {
        return Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
    }

    /**
     * Producer settings as the pipeline uses them (idempotent, acks=all), bounded so that a stuck
     * send fails the test instead of hanging it.
     */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    }

    /** Consumer settings for reading assigned partitions without a group (nothing is committed). */
    public static Map<String, Object> consumerConfig(String bootstrapServers) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    }

    public static KafkaProducer<byte[], byte[]> rawProducer(String bootstrapServers) {
        return new KafkaProducer<>(producerConfig(bootstrapServers), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A producer writing with the topic's own key and value serdes. */
    public static <K, V> KafkaProducer<K, V> producer(String bootstrapServers, Topic<K, V> topic) {
        return new KafkaProducer<>(producerConfig(bootstrapServers),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /** A consumer reading with the topic's own key and value deserializers. */
    public static <K, V> KafkaConsumer<K, V> consumer(String bootstrapServers, Topic<K, V> topic) {
        return new KafkaConsumer<>(consumerConfig(bootstrapServers),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    public static KafkaConsumer<byte[], byte[]> rawConsumer(String bootstrapServers) {
        return new KafkaConsumer<>(consumerConfig(bootstrapServers), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The record at exactly {@code offset} of {@code partition}, read by {@code consumer}. */
    public static <K, V> ConsumerRecord<K, V> readAt(KafkaConsumer<K, V> consumer, TopicPartition partition, long offset) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + RECORD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200)).records(partition)) {
                if (record.offset() == offset) {
                    return record;
                }
            }
        }
        return fail("no record at " + partition + " offset " + offset + " within " + RECORD_TIMEOUT);
    }

    /** The first of {@link SampleEvents#all()} (the full one) of the topic's value type. */
    public static <V> V fullSample(Topic<?, V> topic) {
        Class<?> type = ((AvroSerde<?>) topic.valueSerde()).type();
        Object sample = SampleEvents.all().stream().filter(type::isInstance).findFirst()
                .orElseThrow(() -> new AssertionError("no sample of " + type.getSimpleName()));
        @SuppressWarnings("unchecked")
        V value = (V) sample;
        return value;
    }

    /**
     * Where {@code record} holds a NaN, or null if nowhere. Avro's record equals() treats a NaN in a
     * plain double field as unequal to itself, so a sample with one could never round-trip equal.
     */
    public static String nanIn(SpecificRecord record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            String found = nanIn(field.name(), record.get(field.pos()));
            if (found != null) {
                return record.getSchema().getName() + "." + found;
            }
        }
        return null;
    }

    private static String nanIn(String path, Object value) {
        if (value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN()) {
            return path;
        }
        if (value instanceof SpecificRecord nested) {
            String found = nanIn(nested);
            return found == null ? null : path + "/" + found;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String found = nanIn(path + "[" + i + "]", list.get(i));
                if (found != null) {
                    return found;
                }
            }
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String found = nanIn(path + "[" + entry.getKey() + "]", entry.getValue());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
