package io.sweepstream.schemas.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Compares existing topics with their {@link Topic} and fixes the configs that differ; the second
 * half of {@link TopicAdmin#createAll}. Values are compared whatever their source, so a setting the
 * broker's default already gives (e.g. {@code cleanup.policy=delete}) is not a difference.
 */
final class TopicChecks {

    private TopicChecks() {
    }

    static List<TopicCheck> check(Admin admin, Collection<? extends Topic<?, ?>> topics, short replicationFactor, long timeoutMs) {
        List<String> names = topics.stream().map(Topic::name).collect(Collectors.toList());
        Map<String, TopicDescription> descriptions;
        Map<String, Config> configs = new LinkedHashMap<>();
        try {
            descriptions = admin.describeTopics(names).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<ConfigResource> resources = names.stream().map(TopicChecks::resource).collect(Collectors.toList());
            admin.describeConfigs(resources).all().get(timeoutMs, TimeUnit.MILLISECONDS)
                    .forEach((resource, config) -> configs.put(resource.name(), config));
        } catch (ExecutionException | TimeoutException e) {
            // e.g. no DescribeConfigs permission: the topics exist and answer, so go on, but say so
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return names.stream()
                    .map(name -> new TopicCheck(name, List.of(), List.of("not checked, its settings could not be read (" + cause + ")"), List.of()))
                    .collect(Collectors.toList());
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }

        Map<String, Map<String, String>> wrongConfigs = new LinkedHashMap<>();
        Map<String, List<String>> leftAsIs = new LinkedHashMap<>();
        for (Topic<?, ?> topic : topics) {
            TopicDescription description = descriptions.get(topic.name());
            leftAsIs.put(topic.name(), countDifferences(topic, description, replicationFactor));
            Map<String, String> wrong = new TreeMap<>();
            topic.configs().forEach((key, wanted) -> {
                ConfigEntry entry = configs.get(topic.name()).get(key);
                String actual = entry == null ? null : entry.value();
                if (!wanted.equals(actual)) {
                    wrong.put(key, actual);
                }
            });
            wrongConfigs.put(topic.name(), wrong);
        }

        Map<String, Throwable> alterErrors = alter(admin, topics, wrongConfigs, timeoutMs);

        List<TopicCheck> checks = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            List<String> fixed = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            Throwable error = alterErrors.get(topic.name());
            wrongConfigs.get(topic.name()).forEach((key, actual) -> {
                String wanted = topic.configs().get(key);
                if (error == null) {
                    fixed.add(key + " was " + actual + ", set to " + wanted);
                } else {
                    failed.add(key + " is " + actual + " where Sweepstream needs " + wanted + consequence(topic, key)
                            + ", and setting it failed: " + error);
                }
            });
            List<String> left = leftAsIs.get(topic.name());
            if (!fixed.isEmpty() || !left.isEmpty() || !failed.isEmpty()) {
                checks.add(new TopicCheck(topic.name(), fixed, left, failed));
            }
        }
        return checks;
    }

    /** Partition and replica counts that differ: reported, never changed. */
    private static List<String> countDifferences(Topic<?, ?> topic, TopicDescription description, short replicationFactor) {
        List<String> differences = new ArrayList<>();
        int partitions = description.partitions().size();
        if (partitions != topic.partitions()) {
            String why;
            if (topic.name().equals(Topics.RUNS_REQUESTED.name())) {
                why = "left as is: with fewer trainers than partitions a run can wait for a busy trainer while another idles, "
                        + "see docs/queue.md; recreate the topic to change it";
            } else if (partitions < topic.partitions()) {
                why = "left as is: readers read every partition, it only reads less in parallel; adding partitions "
                        + "would move keys to other partitions";
            } else {
                why = "left as is: readers read every partition, nothing depends on the count";
            }
            differences.add(partitions + " partition(s) where Sweepstream creates " + topic.partitions() + " (" + why + ")");
        }
        int replicas = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
        if (replicas < replicationFactor) {
            differences.add(replicas + " replica(s) where " + replicationFactor
                    + " were asked (left as is: add replicas with kafka-reassign-partitions)");
        }
        return differences;
    }

    /** Sets the configs that differ, one request for all topics; returns the error per topic that failed. */
    private static Map<String, Throwable> alter(Admin admin, Collection<? extends Topic<?, ?>> topics,
            Map<String, Map<String, String>> wrongConfigs, long timeoutMs) {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
        for (Topic<?, ?> topic : topics) {
            List<AlterConfigOp> topicOps = new ArrayList<>();
            for (String key : wrongConfigs.get(topic.name()).keySet()) {
                topicOps.add(new AlterConfigOp(new ConfigEntry(key, topic.configs().get(key)), AlterConfigOp.OpType.SET));
            }
            if (!topicOps.isEmpty()) {
                ops.put(resource(topic.name()), topicOps);
            }
        }
        Map<String, Throwable> errors = new LinkedHashMap<>();
        if (ops.isEmpty()) {
            return errors;
        }
        for (Map.Entry<ConfigResource, KafkaFuture<Void>> e : admin.incrementalAlterConfigs(ops).values().entrySet()) {
            try {
                e.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException ex) {
                errors.put(e.getKey().name(), ex.getCause() != null ? ex.getCause() : ex);
            } catch (TimeoutException ex) {
                errors.put(e.getKey().name(), ex);
            } catch (InterruptedException ex) {
                throw new InterruptException(ex);
            }
        }
        return errors;
    }

    /** What goes wrong while a config stays as it is. */
    private static String consequence(Topic<?, ?> topic, String key) {
        if (key.equals(TopicConfig.CLEANUP_POLICY_CONFIG) && topic.cleanupPolicy() == CleanupPolicy.COMPACT) {
            return " (old records are deleted instead of compacted, so views rebuilt by replay lose them)";
        }
        if (key.equals(TopicConfig.CLEANUP_POLICY_CONFIG)) {
            return " (records are kept per key instead of for a time)";
        }
        return "";
    }

    private static ConfigResource resource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }
}
