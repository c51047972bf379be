package io.sweepstream.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.sweepstream.producer.kafka.ControllerHeartbeat;
import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.avro.ControllerStatus;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.topic.Topic;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The latest definition and summary of each sweep, the latest heartbeat of each worker and controller, and
 * each run's result, read from their compacted topics. A run with two results counts once, by the rule
 * every reader shares ({@link RunResultsByRun}); a controller's tombstone (a clean stop) removes it.
 */
final class SweepWatcher implements AutoCloseable {

    /** Every topic a watcher can follow. */
    static final List<Topic<String, ?>> ALL = List.of(Topics.SWEEPS, Topics.SWEEPS_SUMMARY, Topics.WORKERS_STATUS,
            Topics.CONTROLLERS_STATUS, Topics.RUNS_RESULTS);

    /** Told of each heartbeat and result as it is read, in topic order. */
    interface Listener {
        Listener NONE = new Listener() {
        };

        default void heartbeat(WorkerStatus w) {
        }

        default void result(RunResult r) {
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Listener listener;
    private final Map<String, SweepDefinition> definitions = new LinkedHashMap<>();
    private final Map<String, SweepSummary> summaries = new LinkedHashMap<>();
    private final Map<String, WorkerStatus> workers = new TreeMap<>();
    private final Map<String, ControllerStatus> controllers = new TreeMap<>();
    private final RunResultsByRun results = new RunResultsByRun();

    /** Follows every topic in {@link #ALL}. */
    SweepWatcher(KafkaConnection kafka) {
        this(kafka, ALL, Listener.NONE);
    }

    SweepWatcher(KafkaConnection kafka, List<Topic<String, ?>> topics, Listener listener) {
        this.listener = listener;
        consumer = new KafkaConsumer<>(kafka.config(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "sweep-watcher",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        partitions = TopicReplay.assignAll(consumer, topics.stream().map(Topic::name).toList());
        consumer.seekToBeginning(partitions);
    }

    /** Waits up to {@code timeout} for news; returns whether anything changed. */
    boolean poll(Duration timeout) {
        boolean changed = false;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            try {
                changed |= apply(r);
            } catch (RuntimeException e) {
                // An unreadable view record only means one line less on screen.
            }
        }
        return changed;
    }

    private boolean apply(ConsumerRecord<byte[], byte[]> r) {
        String topic = r.topic();
        if (r.value() == null) {
            // Tombstones: a controller that stopped cleanly, a gone worker removed by a trainer.
            if (r.key() == null) {
                return false;
            }
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (topic.equals(Topics.CONTROLLERS_STATUS.name())) {
                return controllers.remove(key) != null;
            }
            return topic.equals(Topics.WORKERS_STATUS.name()) && workers.remove(key) != null;
        }
        if (topic.equals(Topics.SWEEPS.name())) {
            SweepDefinition d = Topics.SWEEPS.decode(r.partition(), r.offset(), r.value());
            definitions.put(d.getSweepId(), d);
        } else if (topic.equals(Topics.SWEEPS_SUMMARY.name())) {
            SweepSummary s = Topics.SWEEPS_SUMMARY.decode(r.partition(), r.offset(), r.value());
            summaries.put(s.getSweepId(), s);
        } else if (topic.equals(Topics.WORKERS_STATUS.name())) {
            WorkerStatus w = Topics.WORKERS_STATUS.decode(r.partition(), r.offset(), r.value());
            workers.put(w.getWorkerId(), w);
            listener.heartbeat(w);
        } else if (topic.equals(Topics.CONTROLLERS_STATUS.name())) {
            ControllerStatus c = Topics.CONTROLLERS_STATUS.decode(r.partition(), r.offset(), r.value());
            controllers.put(c.getControllerId(), c);
        } else {
            RunResult result = Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value());
            results.put(result);
            listener.result(result);
        }
        return true;
    }

    /** Reads everything published so far. */
    void readToEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !TopicReplay.caughtUp(consumer, end)) {
            poll(Duration.ofMillis(100));
        }
    }

    SweepDefinition definition(String sweepId) {
        return definitions.get(sweepId);
    }

    /** The latest definition of each sweep, in the order the sweeps were first read. */
    Collection<SweepDefinition> definitions() {
        return definitions.values();
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

    /** Controllers whose heartbeat says they run at {@code nowMs}. */
    List<ControllerStatus> liveControllers(long nowMs) {
        return controllers.values().stream().filter(c -> ControllerHeartbeat.alive(c, nowMs)).toList();
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
