package io.sweepstream.broker;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Broker settings for the run queue (a KIP-932 share group), shared by every broker we start:
 * the embedded one ({@code sweep broker}, {@code sweep local}, tests) and the Kafka container, so
 * all of them behave alike.
 */
public final class QueueBrokerSettings {

    /** Broker property name to value. */
    public static final Map<String, String> PROPERTIES = properties();

    private QueueBrokerSettings() {
    }

    private static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        // One node: the share-group state topic has a single replica.
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // A vanished trainer's run moves when its lock expires: groups may ask for locks down to 1 s
        // (the trainers' group uses 10 s, renewed every 2.5 s; tests use less).
        p.put("group.share.min.record.lock.duration.ms", "1000");
        p.put("group.share.record.lock.duration.ms", "10000");
        // Members learn their assignment at the heartbeat: 500 ms instead of 5 s lets a new trainer
        // take its first run seconds sooner (a sweep's first run waits for one heartbeat after its
        // trainer joined; measured: 1 s → 500 ms took ~0.5 s off the start of `sweep local`).
        p.put("group.share.min.heartbeat.interval.ms", "500");
        p.put("group.share.heartbeat.interval.ms", "500");
        // A member that joins waits for the group's next target assignment, computed at most once per
        // interval (1 s by default): the second trainer of `sweep local` got its partition a second after
        // it joined. One queue partition makes the assignment trivial to compute.
        p.put("group.share.assignment.interval.ms", "100");
        return Map.copyOf(p);
    }

    /** The same settings as container environment variables ({@code KAFKA_GROUP_SHARE_...}). */
    public static Map<String, String> asEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        PROPERTIES.forEach((k, v) -> env.put("KAFKA_" + k.replace('.', '_').toUpperCase(Locale.ROOT), v));
        return env;
    }
}
