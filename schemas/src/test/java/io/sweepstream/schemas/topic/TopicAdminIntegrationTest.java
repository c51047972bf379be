package io.sweepstream.schemas.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.BrokerClients;
import io.sweepstream.schemas.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TopicAdmin#createAll} against a real broker: settings, idempotence, and the produce race. */
@ExtendWith(KafkaExtension.class)
class TopicAdminIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static String bootstrapServers;
    private static Admin admin;

    @BeforeAll
    static void createThePipelineTopics(KafkaBackend backend) {
        bootstrapServers = backend.bootstrapServers();
        admin = BrokerClients.admin(bootstrapServers);
        TopicAdmin.createAll(admin, (short) 1, TIMEOUT);
    }

    @AfterAll
    static void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void createsEveryTopicWithItsPartitionCountCleanupPolicyAndRetention() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (Topic<?, ?> topic : Topics.all()) {
            expected.put(topic.name(), topic.partitions() + " partitions, " + topic.cleanupPolicy().config()
                    + ", retention.ms " + topic.retention().map(r -> Long.toString(r.toMillis())).orElse("broker default"));
        }

        Map<String, String> actual = new LinkedHashMap<>();
        Map<String, TopicDescription> descriptions = describe(names(Topics.all()));
        Map<String, Config> configs = configs(names(Topics.all()));
        for (Topic<?, ?> topic : Topics.all()) {
            TopicDescription description = descriptions.get(topic.name());
            Config config = configs.get(topic.name());
            ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            ConfigEntry retention = config.get(TopicConfig.RETENTION_MS_CONFIG);
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, policy.source(),
                    topic.name() + ": cleanup.policy is set on the topic, not inherited");
            actual.put(topic.name(), description.partitions().size() + " partitions, " + policy.value()
                    + ", retention.ms " + (retention.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                            ? retention.value() : "broker default"));
            for (TopicPartitionInfo partition : description.partitions()) {
                assertNotNull(partition.leader(), topic.name() + "-" + partition.partition() + " has a leader");
                assertEquals(1, partition.replicas().size(), "replication factor 1 as asked");
            }
        }

        assertEquals(expected, actual);
    }

    @Test
    void aSecondCallSucceedsAndChangesNothing() throws Exception {
        Map<String, String> before = snapshot();

        List<TopicCheck> checks = TopicAdmin.createAll(admin, (short) 1, TIMEOUT);

        assertEquals(List.of(), checks, "the topics it created are as designed");
        Map<String, String> after = snapshot();
        assertEquals(before, after, "same topics, topic ids, partitions and topic configs");
        assertEquals(Topics.all().size(), before.size());
    }

    @Test
    void fixesTheCleanupPolicyOfAnExistingTopicButNotItsPartitionsAndSaysBoth() throws Exception {
        String name = "it-existing-differs";
        admin.createTopics(List.of(new NewTopic(name, 2, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000"))))
                .all().get(30, TimeUnit.SECONDS);
        Topic<String, String> wanted = new Topic<>(name, Serdes.String(), Serdes.String(), 5, CleanupPolicy.COMPACT,
                Optional.empty());

        List<TopicCheck> checks = TopicAdmin.createAll(admin, List.of(wanted), (short) 1, TIMEOUT);

        assertEquals(2, describe(List.of(name)).get(name).partitions().size(), "partitions are never changed");
        Await.until(() -> "compact".equals(config(name, TopicConfig.CLEANUP_POLICY_CONFIG)), name + " compacted");
        assertEquals(1, checks.size(), checks.toString());
        TopicCheck check = checks.get(0);
        assertEquals(TopicCheck.Severity.WARNING, check.severity());
        assertEquals(List.of("cleanup.policy was delete, set to compact"), check.fixed());
        assertEquals(1, check.leftAsIs().size(), check.message());
        assertTrue(check.leftAsIs().get(0).startsWith("2 partition(s) where Sweepstream creates 5 (left as is"), check.message());
        assertTrue(check.message().startsWith("topic it-existing-differs: cleanup.policy was delete, set to compact (fixed); 2 partition(s)"),
                check.message());
    }

    @Test
    void setsTheRetentionOfAnExistingDeleteTopic() throws Exception {
        String name = "it-existing-retention";
        admin.createTopics(List.of(new NewTopic(name, 3, (short) 1)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000"))))
                .all().get(30, TimeUnit.SECONDS);
        Topic<String, String> wanted = new Topic<>(name, Serdes.String(), Serdes.String(), 3, CleanupPolicy.DELETE,
                Optional.of(Duration.ofDays(7)));

        List<TopicCheck> checks = TopicAdmin.createAll(admin, List.of(wanted), (short) 1, TIMEOUT);

        Await.until(() -> "604800000".equals(config(name, TopicConfig.RETENTION_MS_CONFIG)), name + " kept 7 days");
        assertEquals(List.of(new TopicCheck(name, List.of("retention.ms was 3600000, set to 604800000"), List.of(), List.of())),
                checks);
        assertEquals(List.of(), TopicAdmin.createAll(admin, List.of(wanted), (short) 1, TIMEOUT), "nothing differs any more");
    }

    @Test
    void aConfigTheBrokerRefusesIsAnErrorThatNamesIt() throws Exception {
        String name = "it-existing-refused";
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        // retention.ms below -1 is invalid: the broker refuses to set it, as a policy or an ACL would
        Topic<String, String> wanted = new Topic<>(name, Serdes.String(), Serdes.String(), 1, CleanupPolicy.DELETE,
                Optional.of(Duration.ofMillis(-5)));

        List<TopicCheck> checks = TopicAdmin.createAll(admin, List.of(wanted), (short) 1, TIMEOUT);

        assertEquals(1, checks.size(), checks.toString());
        TopicCheck check = checks.get(0);
        assertEquals(TopicCheck.Severity.ERROR, check.severity());
        assertEquals(List.of(), check.fixed());
        assertEquals(1, check.failed().size());
        assertTrue(check.failed().get(0).startsWith("retention.ms is 604800000 where Sweepstream needs -5, and setting it failed: "
                + "org.apache.kafka.common.errors.InvalidConfigurationException"), check.message());
        assertNotEquals("-5", configs(List.of(name)).get(name).get(TopicConfig.RETENTION_MS_CONFIG).value());
    }

    /**
     * The race {@link TopicAdmin} guards against needs topics that did not exist a moment ago, so
     * this creates copies of every pipeline topic (same partitions, policy, retention, serdes)
     * under fresh names, and sends to every partition the instant createAll returns. The producer
     * does not retry, so each partition must accept its first send: after a bare
     * {@code createTopics(...).all().get()} on the embedded broker, this fails with
     * NOT_LEADER_OR_FOLLOWER on some partition every time.
     */
    @Test
    void aProducerCanSendToEveryPartitionOfEveryTopicRightAfterItReturns() throws Exception {
        List<Topic<?, ?>> fresh = Topics.all().stream()
                .map(topic -> renamed(topic, "race." + topic.name())).collect(Collectors.toList());
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        List<TopicPartition> targets = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(BrokerClients.producerConfig(bootstrapServers));
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false); // idempotence needs retries
        config.put(ProducerConfig.RETRIES_CONFIG, 0);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            TopicAdmin.createAll(admin, fresh, (short) 1, TIMEOUT);

            for (Topic<?, ?> topic : fresh) {
                byte[] value = encodedSample(topic);
                for (int partition = 0; partition < topic.partitions(); partition++) {
                    byte[] key = ("race-" + partition).getBytes(StandardCharsets.UTF_8);
                    targets.add(new TopicPartition(topic.name(), partition));
                    sends.add(producer.send(new ProducerRecord<>(topic.name(), partition, key, value)));
                }
            }
            for (int i = 0; i < sends.size(); i++) {
                RecordMetadata sent = sends.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(targets.get(i), new TopicPartition(sent.topic(), sent.partition()));
                assertEquals(0, sent.offset(), targets.get(i) + " got the first record");
            }
        }
        assertEquals(Topics.all().stream().mapToInt(Topic::partitions).sum(), sends.size());
    }

    private static <K, V> Topic<K, V> renamed(Topic<K, V> topic, String name) {
        return new Topic<>(name, topic.keySerde(), topic.valueSerde(), topic.partitions(), topic.cleanupPolicy(),
                topic.retention());
    }

    private static <V> byte[] encodedSample(Topic<?, V> topic) {
        return topic.encode(BrokerClients.fullSample(topic));
    }

    /** Per pipeline topic: its id, partitions and the configs set on the topic itself. */
    private static Map<String, String> snapshot() throws Exception {
        Collection<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(names(Topics.all())::contains).collect(Collectors.toList());
        Map<String, TopicDescription> descriptions = describe(names);
        Map<String, Config> configs = configs(names);
        Map<String, String> snapshot = new TreeMap<>();
        for (String name : names) {
            Map<String, String> overrides = new TreeMap<>();
            configs.get(name).entries().stream()
                    .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                    .forEach(e -> overrides.put(e.name(), e.value()));
            snapshot.put(name, descriptions.get(name).topicId() + " " + descriptions.get(name).partitions().size()
                    + " " + overrides);
        }
        return snapshot;
    }

    private static List<String> names(Collection<? extends Topic<?, ?>> topics) {
        return topics.stream().map(Topic::name).collect(Collectors.toList());
    }

    private static Map<String, TopicDescription> describe(Collection<String> names) throws Exception {
        return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
    }

    private static String config(String topic, String key) {
        try {
            return configs(List.of(topic)).get(topic).get(key).value();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Config> configs(Collection<String> names) throws Exception {
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).collect(Collectors.toList());
        Map<String, Config> byName = new LinkedHashMap<>();
        admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS)
                .forEach((resource, config) -> byName.put(resource.name(), config));
        return byName;
    }
}
