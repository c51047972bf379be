package io.sweepstream.schemas.topic;

import static io.sweepstream.schemas.client.AdminAnswers.get;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * How many run requests the trainers' share group has not finished yet: its lag on {@code runs.requested},
 * read with {@code Admin.listShareGroupOffsets} (KIP-1226).
 *
 * <p>What the broker reports, measured on our 4.4.0 broker: the lag counts every record not yet
 * acknowledged, so a run being trained (acquired, not yet ACCEPTed) is in it. A partition shows no
 * state at all until its first acknowledgement, and a group no trainer ever joined shows no partition.
 * Read by {@code sweep status} and by the dashboard's {@code /metrics} (which autoscalers read).
 */
public final class QueueStatus {

    /**
     * The share group's view of the queue.
     *
     * @param group  the share group's id
     * @param joined whether any trainer has ever joined the group (it has state for the queue topic)
     * @param lag    run requests not yet acknowledged, those being trained included; when not joined,
     *               every request on the topic: the first trainer starts from the earliest
     *               ({@link TrainerQueue#groupConfigs}), so all of them wait for it
     */
    public record Snapshot(String group, boolean joined, long lag) {

        public Snapshot {
            if (lag < 0) {
                throw new IllegalArgumentException("lag must be >= 0, found " + lag);
            }
        }

        /** Runs waiting for a trainer: the lag less the runs trainers say they are training. */
        public long queued(int running) {
            return Math.max(0, lag - running);
        }
    }

    private QueueStatus() {
    }

    /** Reads the lag of {@code group} on the queue topic; fails with a {@link KafkaException} if Kafka does not answer in time. */
    public static Snapshot read(Admin admin, String group, Duration timeout) {
        String topic = Topics.RUNS_REQUESTED.name();
        Map<TopicPartition, SharePartitionOffsetInfo> offsets;
        try {
            offsets = get(admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec()))
                    .partitionsToOffsetInfo(group), timeout);
        } catch (GroupIdNotFoundException e) {
            return new Snapshot(group, false, requestsOnTopic(admin, timeout));
        }
        // The answer holds every partition the group subscribes to; a partition without state maps to null.
        Map<TopicPartition, SharePartitionOffsetInfo> queue = new HashMap<>();
        offsets.forEach((tp, info) -> {
            if (tp.topic().equals(topic)) {
                queue.put(tp, info);
            }
        });
        if (queue.isEmpty()) {
            return new Snapshot(group, false, requestsOnTopic(admin, timeout));
        }
        long lag = 0;
        Map<TopicPartition, OffsetSpec> needEnd = new HashMap<>();
        Map<TopicPartition, OffsetSpec> needStart = new HashMap<>();
        for (Map.Entry<TopicPartition, SharePartitionOffsetInfo> e : queue.entrySet()) {
            SharePartitionOffsetInfo info = e.getValue();
            if (info != null && info.lag().isPresent() && info.lag().get() >= 0) {
                lag += info.lag().get();
                continue;
            }
            needEnd.put(e.getKey(), OffsetSpec.latest());
            if (info == null) {
                needStart.put(e.getKey(), OffsetSpec.earliest());
            }
        }
        if (!needEnd.isEmpty()) {
            Map<TopicPartition, ListOffsetsResultInfo> end = get(admin.listOffsets(needEnd).all(), timeout);
            Map<TopicPartition, ListOffsetsResultInfo> logStart = needStart.isEmpty() ? Map.of() : get(admin.listOffsets(needStart).all(), timeout);
            for (TopicPartition tp : needEnd.keySet()) {
                SharePartitionOffsetInfo info = queue.get(tp);
                // No state yet (nothing acknowledged there): the group starts at the log's start, since the
                // trainers set share.auto.offset.reset=earliest. Without a reported lag (a broker before
                // KIP-1226), end - start also counts acknowledged records the start offset has not passed yet.
                long start = info == null ? logStart.get(tp).offset() : info.startOffset();
                lag += Math.max(0, end.get(tp).offset() - start);
            }
        }
        return new Snapshot(group, true, lag);
    }

    /** Records on the queue topic, from the log's start to its end: what a group that never read it would get. */
    private static long requestsOnTopic(Admin admin, Duration timeout) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (int p = 0; p < partitions(admin, timeout); p++) {
            TopicPartition tp = new TopicPartition(Topics.RUNS_REQUESTED.name(), p);
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        }
        // committed records only: a producer's aborted or open transaction is nothing a trainer receives
        ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResultInfo> end = get(admin.listOffsets(latest, committed).all(), timeout);
        Map<TopicPartition, ListOffsetsResultInfo> start = get(admin.listOffsets(earliest, committed).all(), timeout);
        long n = 0;
        for (TopicPartition tp : latest.keySet()) {
            n += Math.max(0, end.get(tp).offset() - start.get(tp).offset());
        }
        return n;
    }

    private static int partitions(Admin admin, Duration timeout) {
        String topic = Topics.RUNS_REQUESTED.name();
        return get(admin.describeTopics(java.util.List.of(topic)).allTopicNames(), timeout).get(topic).partitions().size();
    }
}
