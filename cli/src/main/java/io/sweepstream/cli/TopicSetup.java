package io.sweepstream.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicAdmin;
import io.sweepstream.schemas.topic.TopicCheck;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;

/**
 * Creates every Sweepstream topic (idempotent), waits until each partition answers, and says on
 * stderr how existing topics differed from their design: a warning per topic for what was fixed or
 * left as is, and a failure (exit 1) when a config the pipeline depends on could not be fixed.
 */
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
            report(TopicAdmin.createAll(admin, replicationFactor, Duration.ofSeconds(60)), System.err);
        }
        if (out != null) {
            for (Topic<?, ?> t : Topics.all()) {
                out.printf("  topic %-18s %2d partition(s), %s%n", t.name(), t.partitions(), t.cleanupPolicy().config());
            }
        }
    }

    /** One line per topic that differed; throws once every line is out if any could not be fixed. */
    static void report(List<TopicCheck> checks, PrintStream err) {
        List<String> errors = new ArrayList<>();
        for (TopicCheck check : checks) {
            if (check.severity() == TopicCheck.Severity.ERROR) {
                errors.add(check.topic());
                err.println("error: " + check.message());
            } else {
                err.println("warning: " + check.message());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("topic settings the pipeline depends on could not be fixed: " + String.join(", ", errors)
                    + " (see the lines above)");
        }
    }
}
