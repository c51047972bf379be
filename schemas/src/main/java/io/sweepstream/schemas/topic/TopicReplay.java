package io.sweepstream.schemas.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * For readers that rebuild a view from whole topics, outside any consumer group: the evaluator,
 * the controller, the trainers' views, the terminal tools.
 */
public final class TopicReplay {

    private TopicReplay() {
    }

    /** Assigns every partition of {@code topics} to {@code consumer} and returns them. */
    public static List<TopicPartition> assignAll(Consumer<?, ?> consumer, Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        return partitions;
    }

    /** Whether {@code consumer} has read up to {@code end} (from {@code endOffsets}) on every partition. */
    public static boolean caughtUp(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
