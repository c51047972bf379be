package io.sweepstream.dashboard.metrics;

/**
 * The names on {@code GET /metrics}, in one place: autoscalers and alerts are configured with them
 * (KEDA's Prometheus scaler queries {@link #QUEUE_RUNS_WAITING} and {@link #QUEUE_RUNS_RUNNING}).
 * Renaming one breaks those configurations: add a name, do not change one. docs/metrics.md lists them.
 */
public final class MetricNames {

    /** Gauge: run requests queued in the share group {@code trainers}, not taken by a trainer yet. */
    public static final String QUEUE_RUNS_WAITING = "sweepstream_queue_runs_waiting";
    /** Gauge: runs being trained now, by the live trainers' heartbeats. */
    public static final String QUEUE_RUNS_RUNNING = "sweepstream_queue_runs_running";
    /** Gauge, label {@link #STATUS}: runs with a result, by its status; each run once (its last result). */
    public static final String RUNS_ENDED = "sweepstream_runs_ended";
    /** Gauge: training throughput in samples per second, summed over the trainers training now. */
    public static final String TRAINING_SAMPLES_PER_SECOND = "sweepstream_training_samples_per_second";
    /** Gauge, label {@link #STATE}: trainer workers by state (IDLE, TRAINING, STOPPING, STOPPED, LOST). */
    public static final String WORKERS = "sweepstream_workers";
    /** Gauge, label {@link #STATUS}: sweeps by status. */
    public static final String SWEEPS = "sweepstream_sweeps";
    /** Gauge, label {@link #TOPIC}: records of {@code runs.metrics} and {@code runs.results} the evaluator has not read yet. */
    public static final String EVALUATOR_LAG_RECORDS = "sweepstream_evaluator_lag_records";
    /** Gauge: seconds since the queue and the evaluator's lag were last read from Kafka. */
    public static final String KAFKA_READ_AGE_SECONDS = "sweepstream_kafka_read_age_seconds";
    /** Gauge: 1 once the dashboard's replay of the topics has caught up, else 0. */
    public static final String DASHBOARD_CAUGHT_UP = "sweepstream_dashboard_caught_up";
    /** Gauge: records the dashboard's replay still has to read before it has caught up. */
    public static final String DASHBOARD_RECORDS_BEHIND = "sweepstream_dashboard_replay_records_behind";
    /** Gauge: records the dashboard has read since it started. */
    public static final String DASHBOARD_RECORDS_READ = "sweepstream_dashboard_records_read";
    /** Gauge: records the dashboard could not decode and skipped. */
    public static final String DASHBOARD_RECORDS_SKIPPED = "sweepstream_dashboard_records_skipped";
    /** Gauge: 1 while the dashboard's feed gets answers from Kafka, 0 while it does not. */
    public static final String DASHBOARD_KAFKA_UP = "sweepstream_dashboard_kafka_up";

    /** Label: a run's or a sweep's status. */
    public static final String STATUS = "status";
    /** Label: a worker's state. */
    public static final String STATE = "state";
    /** Label: a topic. */
    public static final String TOPIC = "topic";

    private MetricNames() {
    }
}
