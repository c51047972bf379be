package io.sweepstream.trainer.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.EndOffsets;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker must know beyond its own partitions, rebuilt from the topics at start: which runs
 * already have a result ({@code runs.results}), which runs and sweeps were stopped
 * ({@code runs.control}), and which of those the evaluator's early termination stopped, and which
 * sweeps are paused or cancelled now ({@code sweeps}: the status on the compacted definition outlives
 * the control topic's one-day retention). Reads every partition from the beginning, outside the consumer group.
 */
final class RunViews implements AutoCloseable {

    static final String ALREADY_DONE = RunControls.ALREADY_DONE;
    private static final Logger log = LoggerFactory.getLogger(RunViews.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final RunControls controls = new RunControls();
    private final EndOffsets endOffsets;

    RunViews(KafkaConnection kafka, String workerId) {
        consumer = new KafkaConsumer<>(kafka.config(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "trainer-views-" + workerId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // A broker outage must surface as a retriable timeout within seconds, not a minute.
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000)),
                new StringDeserializer(), new ByteArrayDeserializer());
        partitions = TopicReplay.assignAll(consumer, List.of(Topics.RUNS_RESULTS.name(), Topics.RUNS_CONTROL.name(), Topics.SWEEPS.name()));
        consumer.seekToBeginning(partitions);
        endOffsets = new EndOffsets(kafka, "trainer-views-ends-" + workerId, Duration.ofSeconds(4));
    }

    /** Reads whatever arrived, without waiting. */
    void poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ZERO)) {
            apply(r);
        }
    }

    /**
     * Reads until every partition is at the end it had when called, for at most a few seconds.
     *
     * @return false when it could not get there: the caller must not decide anything from the view
     */
    boolean catchUp() {
        Map<TopicPartition, Long> end = endOffsets.of(partitions);
        long deadline = System.currentTimeMillis() + 5000;
        while (!TopicReplay.caughtUp(consumer, end)) {
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                apply(r);
            }
        }
        return true;
    }

    /** Why this request must not be trained, or null to train it. */
    String skipReason(RunRequest request) {
        return controls.skipReason(request);
    }

    /** Why a run in progress must stop, or null. */
    String stopReason(RunRequest request) {
        return controls.stopReason(request);
    }

    /** See {@link RunControls#earlyStopReason}. */
    String earlyStopReason(RunRequest request) {
        return controls.earlyStopReason(request);
    }

    /** Whether the run's sweep is paused now: it must not start (a run already training finishes). */
    boolean paused(RunRequest request) {
        return controls.paused(request);
    }

    void recordResult(RunRequest request) {
        controls.recordResult(request);
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(Topics.RUNS_RESULTS.name())) {
                if (r.value() != null) {
                    controls.onResult(Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value()));
                }
            } else if (r.topic().equals(Topics.SWEEPS.name())) {
                if (r.value() != null) {
                    controls.onDefinition(Topics.SWEEPS.decode(r.partition(), r.offset(), r.value()));
                }
            } else if (r.value() != null) {
                controls.onControl(Topics.RUNS_CONTROL.decode(r.partition(), r.offset(), r.value()));
            }
        } catch (UndecodableRecordException e) {
            // Poison in a view topic is the writer's problem; the worker only needs to go on.
            log.warn("ignoring unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        endOffsets.close();
        // Nothing to commit (no group); a timeout would only wait for the fetch the broker holds (up to 500 ms).
        consumer.close(Duration.ZERO);
    }
}
