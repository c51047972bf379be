package io.sweepstream.trainer.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.serde.UndecodableRecordException;
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

    static final String ALREADY_DONE = "this run already has a result";
    private static final Logger log = LoggerFactory.getLogger(RunViews.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Set<String> finishedRuns = new HashSet<>();
    private final Set<String> stoppedRuns = new HashSet<>();
    /** Runs the evaluator's early termination stopped, with its reason: they end STOPPED_EARLY. */
    private final Map<String, String> stoppedEarly = new HashMap<>();
    private final Set<String> cancelledSweeps = new HashSet<>();
    /** Sweeps whose latest definition says PAUSED: their queued runs are set aside, not trained. */
    private final Set<String> pausedSweeps = new HashSet<>();

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
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
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
        if (finishedRuns.contains(request.getRunId())) {
            return ALREADY_DONE;
        }
        return stopReason(request);
    }

    /** Why a run in progress must stop, or null. */
    String stopReason(RunRequest request) {
        if (cancelledSweeps.contains(request.getSweepId())) {
            return "sweep " + request.getSweepId() + " was cancelled";
        }
        if (stoppedRuns.contains(request.getRunId())) {
            return "run " + request.getRunId() + " was stopped";
        }
        return null;
    }

    /**
     * The early-termination reason when this run was stopped by the evaluator's early termination
     * (it then ends STOPPED_EARLY), or null: not stopped, stopped by a user, or its sweep cancelled.
     */
    String earlyStopReason(RunRequest request) {
        return cancelledSweeps.contains(request.getSweepId()) ? null : stoppedEarly.get(request.getRunId());
    }

    /** Whether the run's sweep is paused now: it must not start (a run already training finishes). */
    boolean paused(RunRequest request) {
        return pausedSweeps.contains(request.getSweepId());
    }

    void recordResult(String runId) {
        finishedRuns.add(runId);
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(Topics.RUNS_RESULTS.name())) {
                if (r.value() != null) {
                    RunResult result = Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value());
                    finishedRuns.add(result.getRunId());
                }
            } else if (r.topic().equals(Topics.SWEEPS.name())) {
                if (r.value() != null) {
                    applyDefinition(Topics.SWEEPS.decode(r.partition(), r.offset(), r.value()));
                }
            } else if (r.value() != null) {
                applyControl(Topics.RUNS_CONTROL.decode(r.partition(), r.offset(), r.value()));
            }
        } catch (UndecodableRecordException e) {
            // Poison in a view topic is the writer's problem; the worker only needs to go on.
            log.warn("ignoring unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    private void applyControl(Control control) {
        switch (control.getType()) {
            case STOP_RUN -> {
                if (control.getRunId() != null) {
                    stoppedRuns.add(control.getRunId());
                    if (control.getEarlyTermination()) {
                        stoppedEarly.put(control.getRunId(), control.getReason() == null ? "stopped early" : control.getReason());
                    }
                }
            }
            case CANCEL_SWEEP -> {
                if (control.getSweepId() != null) {
                    cancelledSweeps.add(control.getSweepId());
                }
            }
            // The sweep's status on its definition decides: one source, read in order, that no retention removes.
            case PAUSE_SWEEP, RESUME_SWEEP -> { }
            default -> throw new IllegalStateException("unknown control type " + control.getType());
        }
    }

    private void applyDefinition(SweepDefinition d) {
        switch (d.getStatus()) {
            case PAUSED -> pausedSweeps.add(d.getSweepId());
            case CANCELLED -> {
                pausedSweeps.remove(d.getSweepId());
                cancelledSweeps.add(d.getSweepId());
            }
            default -> pausedSweeps.remove(d.getSweepId());
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
