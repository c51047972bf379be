package io.sweepstream.schemas.topic;

import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControllerStatus;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunCheckpoint;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline, in one place. Names, keys and value types are a contract between
 * modules (see DESIGN.md); keys decide ordering (one run's records stay in order) and compaction.
 */
public final class Topics {

    private static final Serde<String> STRING = Serdes.String();
    /** One serde for the queue and the parking place: the same records move between them unchanged. */
    private static final AvroSerde<RunRequest> RUN_REQUESTS = AvroSerde.of(RunRequest.class);

    /** Key sweepId. The latest definition and status of each sweep. */
    public static final Topic<String, SweepDefinition> SWEEPS =
            compacted("sweeps", AvroSerde.of(SweepDefinition.class), 1);

    /**
     * Key runId. The work queue: trainers read it as the share group {@link TrainerQueue#GROUP}, so
     * any idle trainer takes the next run. One partition: a share partition is shared by every
     * member only while the group has no more partitions than members; with more partitions, each
     * trainer owns some and a run queued in a busy trainer's partition waits for it. One partition
     * hands out thousands of runs a second, far more than trainers finish. For hundreds of trainers,
     * use P partitions with P well below the number of trainers (each partition is then shared by
     * about trainers/P of them), e.g. one partition per 50 trainers.
     */
    public static final Topic<String, RunRequest> RUNS_REQUESTED =
            deleted("runs.requested", RUN_REQUESTS, 1, Duration.ofDays(7));

    /**
     * Key runId. Requests of paused sweeps, set aside by the trainer that took them (the request,
     * unchanged); a resume puts them back on {@link #RUNS_REQUESTED} and tombstones them here.
     * Compacted, so a sweep may stay paused for longer than any retention. See docs/queue.md.
     */
    public static final Topic<String, RunRequest> RUNS_PARKED =
            compacted("runs.parked", RUN_REQUESTS, 1);

    /** Key runId. One record per epoch of each run attempt. */
    public static final Topic<String, EpochMetric> RUNS_METRICS =
            deleted("runs.metrics", AvroSerde.of(EpochMetric.class), 6, Duration.ofDays(7));

    /** Key runId. The final result of each run (latest attempt wins). */
    public static final Topic<String, RunResult> RUNS_RESULTS =
            compacted("runs.results", AvroSerde.of(RunResult.class), 6);

    /**
     * Largest checkpoint record {@link #RUNS_CHECKPOINTS} takes, 16 MiB: with adam (3 floats per parameter) a net
     * of 4 hidden layers of 512, or 5 of 480, fits (the seed's largest, 5 of 128, is 2 MB, over Kafka's 1 MB
     * default). Writers set their {@code max.request.size} to it.
     */
    public static final int CHECKPOINT_MAX_BYTES = 16 * 1024 * 1024;

    /**
     * Key runId. Each running run's state at the end of its latest epoch, so that a trainer taking it over after a
     * crash goes on from there; tombstoned when the run's result is written. Compacted, with small segments (64 MiB,
     * rolled at least hourly) so that superseded multi-megabyte checkpoints are cleaned within the hour rather than
     * kept a week, and a record limit above the 1 MB default. See docs/reliability.md, "Resume".
     */
    public static final Topic<String, RunCheckpoint> RUNS_CHECKPOINTS = new Topic<>(
            "runs.checkpoints", STRING, AvroSerde.of(RunCheckpoint.class), 6, CleanupPolicy.COMPACT, Optional.empty(),
            Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(CHECKPOINT_MAX_BYTES),
                    TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024),
                    TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis())));

    /** Key runId (STOP_RUN) or sweepId (sweep commands). Commands are stale after a day. */
    public static final Topic<String, Control> RUNS_CONTROL =
            deleted("runs.control", AvroSerde.of(Control.class), 3, Duration.ofDays(1));

    /** Key workerId. The latest heartbeat of each worker. */
    public static final Topic<String, WorkerStatus> WORKERS_STATUS =
            compacted("workers.status", AvroSerde.of(WorkerStatus.class), 3);

    /**
     * Key controllerId. The latest heartbeat of each sweep controller, so that {@code submit} and
     * {@code status} can tell whether a sweep that needs one has one. Apart from {@link #WORKERS_STATUS}:
     * a controller has none of a trainer's fields, and readers of trainers never have to skip it.
     */
    public static final Topic<String, ControllerStatus> CONTROLLERS_STATUS =
            compacted("controllers.status", AvroSerde.of(ControllerStatus.class), 1);

    /** Key sweepId. The evaluator's latest summary of each sweep. */
    public static final Topic<String, SweepSummary> SWEEPS_SUMMARY =
            compacted("sweeps.summary", AvroSerde.of(SweepSummary.class), 1);

    /**
     * Key: the original record's key bytes, unchanged (they may not even be valid UTF-8, and
     * keeping them exact keeps the original partitioning). Records no consumer could read.
     */
    public static final Topic<byte[], DeadLetter> RUNS_DLQ = new Topic<>(
            "runs.dlq", Serdes.ByteArray(), AvroSerde.of(DeadLetter.class), 1,
            CleanupPolicy.DELETE, Optional.of(Duration.ofDays(14)));

    private static final List<Topic<?, ?>> ALL = List.of(
            SWEEPS, RUNS_REQUESTED, RUNS_PARKED, RUNS_METRICS, RUNS_RESULTS, RUNS_CHECKPOINTS, RUNS_CONTROL, WORKERS_STATUS, CONTROLLERS_STATUS, SWEEPS_SUMMARY, RUNS_DLQ);

    private Topics() {}

    /** All topics, in pipeline order. */
    public static List<Topic<?, ?>> all() {
        return ALL;
    }

    private static <V> Topic<String, V> compacted(String name, Serde<V> values, int partitions) {
        return new Topic<>(name, STRING, values, partitions, CleanupPolicy.COMPACT, Optional.empty());
    }

    private static <V> Topic<String, V> deleted(String name, Serde<V> values, int partitions, Duration retention) {
        return new Topic<>(name, STRING, values, partitions, CleanupPolicy.DELETE, Optional.of(retention));
    }
}
