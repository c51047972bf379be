package io.sweepstream.dashboard.kafka;

import static io.sweepstream.schemas.client.AdminAnswers.get;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The lag of a consumer group on some topics: records from its committed offset to the end of each
 * partition, summed per topic. A partition without a committed offset (the group never read it, or
 * does not exist) lags by all it holds: nobody has read those records.
 */
final class ConsumerGroupLag {

    private ConsumerGroupLag() {
    }

    /** Lag of {@code group} per topic of {@code topics}; fails with a {@link KafkaException} when Kafka does not answer in time. */
    static Map<String, Long> read(Admin admin, String group, Collection<String> topics, Duration timeout) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), timeout);
        } catch (GroupIdNotFoundException e) {
            committed = Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicDescription d : get(admin.describeTopics(topics).allTopicNames(), timeout).values()) {
            for (var p : d.partitions()) {
                TopicPartition tp = new TopicPartition(d.name(), p.partition());
                latest.put(tp, OffsetSpec.latest());
                if (committed.get(tp) == null) {
                    earliest.put(tp, OffsetSpec.earliest());
                }
            }
        }
        // the roles read committed records only: the end they can reach is the last stable offset
        ListOffsetsOptions readCommitted = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResultInfo> end = get(admin.listOffsets(latest, readCommitted).all(), timeout);
        Map<TopicPartition, ListOffsetsResultInfo> start = earliest.isEmpty() ? Map.of() : get(admin.listOffsets(earliest, readCommitted).all(), timeout);
        Map<String, Long> lag = new TreeMap<>();
        for (String topic : topics) {
            lag.put(topic, 0L);
        }
        for (TopicPartition tp : latest.keySet()) {
            OffsetAndMetadata c = committed.get(tp);
            long from = c != null ? c.offset() : start.get(tp).offset();
            lag.merge(tp.topic(), Math.max(0, end.get(tp).offset() - from), Long::sum);
        }
        return lag;
    }
}
