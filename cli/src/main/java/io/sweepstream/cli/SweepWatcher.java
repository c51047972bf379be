package io.sweepstream.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The latest summary of each sweep, the latest heartbeat of each worker and each run's result, read from
 * their compacted topics. A run with two results counts once, by the rule every reader shares ({@link RunResultsByRun}).
 */
final class SweepWatcher implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Map<String, SweepSummary> summaries = new LinkedHashMap<>();
    private final Map<String, WorkerStatus> workers = new TreeMap<>();
    private final RunResultsByRun results = new RunResultsByRun();

    SweepWatcher(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "sweep-watcher",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        partitions = TopicReplay.assignAll(consumer,
                List.of(Topics.SWEEPS_SUMMARY.name(), Topics.WORKERS_STATUS.name(), Topics.RUNS_RESULTS.name()));
        consumer.seekToBeginning(partitions);
    }

    /** Waits up to {@code timeout} for news; returns whether anything changed. */
    boolean poll(Duration timeout) {
        boolean changed = false;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            if (r.value() == null) {
                // A tombstone: on workers.status, a gone worker's record removed by a trainer.
                if (r.topic().equals(Topics.WORKERS_STATUS.name()) && r.key() != null) {
                    changed |= workers.remove(new String(r.key(), StandardCharsets.UTF_8)) != null;
                }
                continue;
            }
            try {
                if (r.topic().equals(Topics.SWEEPS_SUMMARY.name())) {
                    SweepSummary s = Topics.SWEEPS_SUMMARY.decode(r.partition(), r.offset(), r.value());
                    summaries.put(s.getSweepId(), s);
                } else if (r.topic().equals(Topics.WORKERS_STATUS.name())) {
                    WorkerStatus w = Topics.WORKERS_STATUS.decode(r.partition(), r.offset(), r.value());
                    workers.put(w.getWorkerId(), w);
                } else {
                    results.put(Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value()));
                }
                changed = true;
            } catch (RuntimeException e) {
                // An unreadable view record only means one line less on screen.
            }
        }
        return changed;
    }

    /** Reads everything published so far. */
    void readToEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !TopicReplay.caughtUp(consumer, end)) {
            poll(Duration.ofMillis(100));
        }
    }

    SweepSummary summary(String sweepId) {
        return summaries.get(sweepId);
    }

    Map<String, SweepSummary> summaries() {
        return summaries;
    }

    Map<String, WorkerStatus> workers() {
        return workers;
    }

    /** One result per run, the last one read for it. */
    RunResultsByRun results() {
        return results;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
