package io.sweepstream.schemas.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.BrokerClients;
import io.sweepstream.schemas.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pipeline's own topics, made wrong by hand before {@link TopicAdmin#createAll} runs, as on a
 * cluster where someone created them first: the configs are fixed, the queue's partitions are not.
 */
@ExtendWith(KafkaExtension.class)
class TopicCheckIntegrationTest {

    @Test
    void fixesThePipelineTopicsConfigsAndReportsTheQueuesPartitions(KafkaBackend backend) throws Exception {
        try (Admin admin = BrokerClients.admin(backend.bootstrapServers())) {
            admin.createTopics(List.of(
                    new NewTopic(Topics.RUNS_REQUESTED.name(), 3, (short) 1),
                    new NewTopic(Topics.SWEEPS.name(), 1, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")),
                    new NewTopic(Topics.RUNS_METRICS.name(), 6, (short) 1)
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000"))))
                    .all().get(30, TimeUnit.SECONDS);

            List<TopicCheck> checks = TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));

            Map<String, TopicCheck> byTopic = new TreeMap<>();
            checks.forEach(c -> byTopic.put(c.topic(), c));
            assertEquals(List.of("runs.metrics", "runs.requested", "sweeps"), List.copyOf(byTopic.keySet()),
                    "only the topics made wrong differ: " + checks);
            checks.forEach(c -> assertEquals(TopicCheck.Severity.WARNING, c.severity(), c.message()));

            assertEquals(List.of("cleanup.policy was delete, set to compact"), byTopic.get("sweeps").fixed());
            assertEquals(List.of("retention.ms was 3600000, set to 604800000"), byTopic.get("runs.metrics").fixed());
            TopicCheck queue = byTopic.get("runs.requested");
            assertEquals(List.of(), queue.fixed());
            assertEquals(1, queue.leftAsIs().size());
            assertTrue(queue.message().startsWith("topic runs.requested: 3 partition(s) where Sweepstream creates 1 (left as is: "
                    + "with fewer trainers than partitions a run can wait for a busy trainer"), queue.message());

            // an altered config reaches the broker's metadata a moment after the controller accepted it
            Await.until(() -> "compact".equals(config(admin, "sweeps", TopicConfig.CLEANUP_POLICY_CONFIG)), "sweeps compacted");
            Await.until(() -> "604800000".equals(config(admin, "runs.metrics", TopicConfig.RETENTION_MS_CONFIG)),
                    "runs.metrics kept 7 days");
            assertEquals(3, admin.describeTopics(List.of("runs.requested")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("runs.requested").partitions().size(), "the queue keeps its partitions");

            List<TopicCheck> again = TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
            assertEquals(List.of(queue), again, "a second call only repeats what it cannot fix");
        }
    }

    private static String config(Admin admin, String topic, String key) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(key).value();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
