package io.sweepstream.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

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
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
        if (out != null) {
            for (Topic<?, ?> t : Topics.all()) {
                out.printf("  topic %-18s %2d partition(s), %s%n", t.name(), t.partitions(), t.cleanupPolicy().config());
            }
        }
    }
}
