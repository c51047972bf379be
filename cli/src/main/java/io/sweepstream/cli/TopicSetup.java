package io.sweepstream.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicAdmin;
import io.sweepstream.schemas.topic.TopicCheck;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Creates every Sweepstream topic (idempotent), waits until each partition answers, and says on
 * stderr how existing topics differed from their design: a warning per topic for what was fixed or
 * left as is, and a failure (exit 1) when a config the pipeline depends on could not be fixed.
 */
final class TopicSetup {

    private TopicSetup() {
    }

    static void createAll(String bootstrapServers, PrintStream out) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            report(TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60)), System.err);
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
