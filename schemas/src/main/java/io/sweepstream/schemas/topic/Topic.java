package io.sweepstream.schemas.topic;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import io.sweepstream.schemas.serde.AvroSerde;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic of the pipeline: its name, the serdes of its keys and values, and how it is created.
 *
 * @param name          topic name (a contract: never rename)
 * @param keySerde      serde of the record key
 * @param valueSerde    serde of the record value
 * @param partitions    partition count at creation
 * @param cleanupPolicy delete (event stream) or compact (latest state per key)
 * @param retention     how long records are kept; present exactly for {@link CleanupPolicy#DELETE}
 * @param overrides     further topic configs this topic needs beyond its cleanup and retention (e.g. a larger
 *                      {@code max.message.bytes}); usually empty
 * @param <K>           key type
 * @param <V>           value type
 */
public record Topic<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        int partitions,
        CleanupPolicy cleanupPolicy,
        Optional<Duration> retention,
        Map<String, String> overrides) {

    public Topic {
        overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
        if (overrides.containsKey(TopicConfig.CLEANUP_POLICY_CONFIG) || overrides.containsKey(TopicConfig.RETENTION_MS_CONFIG)) {
            throw new IllegalArgumentException("cleanup and retention come from cleanupPolicy and retention: " + name);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retention, "retention");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, found " + partitions + " for " + name);
        }
        if (cleanupPolicy == CleanupPolicy.DELETE && retention.isEmpty()) {
            throw new IllegalArgumentException("a delete topic needs a retention: " + name);
        }
        if (cleanupPolicy == CleanupPolicy.COMPACT && retention.isPresent()) {
            // retention.ms would only matter with compact,delete, which would lose state
            throw new IllegalArgumentException("a compacted topic keeps its latest records forever: " + name);
        }
    }

    /** A topic with no config overrides. */
    public Topic(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, CleanupPolicy cleanupPolicy,
                 Optional<Duration> retention) {
        this(name, keySerde, valueSerde, partitions, cleanupPolicy, retention, Map.of());
    }

    /** Topic-level configs to create it with (only what differs from the broker defaults). */
    public Map<String, String> configs() {
        if (cleanupPolicy == CleanupPolicy.COMPACT) {
            // Broker defaults on purpose: the active segment is never compacted and rolls only
            // after segment.ms (7 days) or 1 GiB, so these small topics keep their full history
            // for a week and a replay sees every change; after that, the latest record per key.
            // Nothing in the pipeline depends on compaction having run.
            return withOverrides(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.config()));
        }
        return withOverrides(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.config(),
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.orElseThrow().toMillis())));
    }

    private Map<String, String> withOverrides(Map<String, String> base) {
        if (overrides.isEmpty()) {
            return base;
        }
        Map<String, String> all = new java.util.HashMap<>(base);
        all.putAll(overrides);
        return Map.copyOf(all);
    }

    /** The admin request that creates this topic. */
    public NewTopic newTopic(short replicationFactor) {
        return new NewTopic(name, partitions, replicationFactor).configs(configs());
    }

    /** The value as record bytes for this topic (null stays null: a tombstone). */
    public byte[] encode(V value) {
        return valueSerde.serializer().serialize(name, value);
    }

    /**
     * Decodes a value consumed as bytes from this topic.
     *
     * @throws io.sweepstream.schemas.serde.UndecodableRecordException naming topic, partition and offset
     */
    public V decode(int partition, long offset, byte[] bytes) {
        if (valueSerde instanceof AvroSerde<?> avro) {
            @SuppressWarnings("unchecked")
            V value = (V) avro.decode(name, partition, offset, bytes);
            return value;
        }
        return valueSerde.deserializer().deserialize(name, bytes);
    }

    @Override
    public String toString() {
        return name;
    }
}
