package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A command that sets up the topics tells the user, on stderr, how the ones someone created first differed. */
@ExtendWith(KafkaExtension.class)
class TopicWarningsIntegrationTest {

    @Test
    void aCommandSaysWhichExistingTopicsItFixedAndWhichItLeftAsTheyAre(KafkaBackend kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(
                    new NewTopic("runs.requested", 2, (short) 1),
                    new NewTopic("sweeps", 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete"))))
                    .all().get(30, TimeUnit.SECONDS);
        }

        Cli.Result r = Cli.run("tail", "results", "--idle-exit", "1", "--bootstrap", kafka.bootstrapServers());

        assertEquals(0, r.exitCode(), r::transcript);
        List<String> lines = r.errLines();
        assertEquals(2, lines.size(), r::transcript);
        assertEquals("warning: topic sweeps: cleanup.policy was delete, set to compact (fixed)", lines.get(0), r::transcript);
        assertTrue(lines.get(1).startsWith("warning: topic runs.requested: 2 partition(s) where Sweepstream creates 1 (left as is: "),
                r::transcript);
    }
}
