package io.sweepstream.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicAdmin;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Creates every Sweepstream topic (idempotent) and waits until each partition answers. */
final class TopicSetup {

    private TopicSetup() {
    }

    static void createAll(String bootstrapServers, PrintStream out) {
        createAll(KafkaConnection.plaintext(bootstrapServers), out);
    }

    static void createAll(KafkaConnection kafka, PrintStream out) {
        createAll(kafka, (short) 1, out);
    }

    /** With {@code replicationFactor} replicas of each partition (a cluster of at least that many brokers). */
    static void createAll(KafkaConnection kafka, short replicationFactor, PrintStream out) {
        try (Admin admin = Admin.create(kafka.config(Map.of()))) {
            TopicAdmin.createAll(admin, replicationFactor, Duration.ofSeconds(60));
        }
        if (out != null) {
            for (Topic<?, ?> t : Topics.all()) {
                out.printf("  topic %-18s %2d partition(s), %s%n", t.name(), t.partitions(), t.cleanupPolicy().config());
            }
        }
    }
}
