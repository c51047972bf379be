package io.sweepstream.dashboard.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sweepstream.dashboard.SweepFixture;
import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** The feed's loop against a mock consumer: when it may call the view current, what it skips, what it says. */
class DashboardFeedTest {

    private static final long NOW = 1_000_000L;
    private final SweepFixture sweep = SweepFixture.of("s1", "first", 3, 2);
    private final DashboardView view = new DashboardView();
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
    private final DashboardLoop feed = new DashboardLoop(consumer, view);
    private final Map<TopicPartition, Long> end = new HashMap<>();

    @Test
    void isCurrentOnlyOnceItReadTheEndTheTopicsHadAtStart() {
        topics();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(record(Topics.SWEEPS.name(), 0, 0, Topics.SWEEPS.encode(sweep.definition())));
        for (int i = 0; i < 3; i++) {
            records.add(record(Topics.RUNS_REQUESTED.name(), 0, i, Topics.RUNS_REQUESTED.encode(sweep.request(i))));
        }
        records.add(record(Topics.RUNS_RESULTS.name(), 0, 0, Topics.RUNS_RESULTS.encode(sweep.result(0, "w1"))));
        endOffsets(records);

        // the first round assigns and seeks; the records arrive over two polls
        feed.step(NOW);
        records.subList(0, 3).forEach(consumer::addRecord);
        feed.step(NOW + 1000);
        assertFalse(view.caughtUp(), "two records are still unread");
        assertEquals(2, view.status(NOW).recordsBehind());

        records.subList(3, 5).forEach(consumer::addRecord);
        feed.step(NOW + 2000);

        assertTrue(view.caughtUp());
        assertEquals(5, view.status(NOW).recordsRead());
        assertEquals(1, view.sweeps(NOW).get(0).counts().finished());
    }

    @Test
    void emptyTopicsAreCurrentAtOnce() {
        topics();
        consumer.updateEndOffsets(end);

        feed.step(NOW);

        assertTrue(view.caughtUp());
    }

    @Test
    void skipsAndCountsARecordThatCannotBeDecoded() {
        topics();
        List<ConsumerRecord<byte[], byte[]>> records = List.of(
                record(Topics.SWEEPS.name(), 0, 0, new byte[] {(byte) 0xC3, 0x01, 1, 2, 3}),
                record(Topics.SWEEPS.name(), 0, 1, Topics.SWEEPS.encode(sweep.definition())));
        endOffsets(records);
        feed.step(NOW);
        records.forEach(consumer::addRecord);

        feed.step(NOW);

        assertTrue(view.caughtUp());
        assertEquals(1, view.status(NOW).skippedRecords());
        assertEquals("first", view.sweeps(NOW).get(0).name());
    }

    @Test
    void aMissingTopicIsWaitedForAndSaidOnThePage() {
        // no topic exists: retriable, the runner tries again; the page says why it shows nothing yet
        assertThrows(UnknownTopicOrPartitionException.class, () -> feed.step(NOW));
        assertFalse(view.caughtUp());
        assertTrue(view.status(NOW).kafkaTrouble().contains("does not exist yet"), view.status(NOW).kafkaTrouble());

        topics();
        consumer.updateEndOffsets(end);
        feed.step(NOW + 1000);

        assertTrue(view.caughtUp());
        assertEquals(null, view.status(NOW + 1000).kafkaTrouble(), "Kafka answers again");
    }

    private void topics() {
        for (String topic : DashboardFeed.TOPICS) {
            int partitions = Topics.all().stream().filter(t -> t.name().equals(topic)).findFirst().orElseThrow().partitions();
            List<PartitionInfo> infos = new ArrayList<>();
            Map<TopicPartition, Long> begin = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                infos.add(new PartitionInfo(topic, p, Node.noNode(), new Node[0], new Node[0]));
                begin.put(new TopicPartition(topic, p), 0L);
                end.put(new TopicPartition(topic, p), 0L);
            }
            consumer.updatePartitions(topic, infos);
            consumer.updateBeginningOffsets(begin);
        }
    }

    private void endOffsets(List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            end.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
        consumer.updateEndOffsets(end);
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, int partition, long offset, byte[] value) {
        return new ConsumerRecord<>(topic, partition, offset, new byte[0], value);
    }
}
