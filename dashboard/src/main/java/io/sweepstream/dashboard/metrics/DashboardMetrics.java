package io.sweepstream.dashboard.metrics;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sweepstream.dashboard.kafka.KafkaProbe;
import io.sweepstream.dashboard.kafka.KafkaReading;
import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.dashboard.view.ViewCounts;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepStatus;

/**
 * The metrics page ({@code GET /metrics}, Prometheus text format, with Micrometer): the queue, runs,
 * throughput, workers, sweeps and the evaluator's lag ({@link MetricNames}), plus the JVM's own.
 *
 * <p>A scrape never waits on Kafka: it takes one snapshot of the view ({@link DashboardView#counts})
 * and the {@link KafkaProbe}'s last reading, and every gauge reads from those two. What is not known
 * is NaN rather than a guess an autoscaler would act on: the view's numbers until its replay has caught
 * up, the queue and the evaluator's lag when no reading is younger than {@link #STALE_AFTER}.
 * No label carries a sweep or run id, so the number of series stays fixed however many sweeps run.
 */
public final class DashboardMetrics implements AutoCloseable {

    /** A Kafka reading older than this is not reported (NaN); the probe reads every few seconds. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(30);
    /** The content type of the Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final DashboardView view;
    private final Supplier<KafkaReading> kafka;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    // The snapshot the gauges read, taken at the start of each scrape (under this object's lock).
    private ViewCounts counts;
    private KafkaReading reading;
    private long nowMs;

    /** @param kafka the last Kafka reading, or null when there is none yet ({@link KafkaProbe#latest}) */
    public DashboardMetrics(DashboardView view, Supplier<KafkaReading> kafka) {
        this.view = view;
        this.kafka = kafka;
        gauge(MetricNames.QUEUE_RUNS_WAITING, "Run requests queued in the share group trainers, not taken by a trainer yet",
                m -> m.known() && m.fresh() ? Math.max(0, m.reading.queueLag() - m.counts.runsTraining()) : Double.NaN);
        gauge(MetricNames.QUEUE_RUNS_RUNNING, "Runs being trained now, by the live trainers' heartbeats",
                m -> m.known() ? m.counts.runsTraining() : Double.NaN);
        gauge(MetricNames.TRAINING_SAMPLES_PER_SECOND, "Training throughput in samples per second, summed over the trainers training now",
                m -> m.known() ? m.counts.samplesPerSecond() : Double.NaN);
        for (RunStatus s : RunStatus.values()) {
            Gauge.builder(MetricNames.RUNS_ENDED, this, m -> m.known() ? m.counts.runsEnded().get(s) : Double.NaN)
                    .description("Runs with a result, by status; each run once, by its last result")
                    .tag(MetricNames.STATUS, s.name()).strongReference(true).register(registry);
        }
        for (SweepStatus s : SweepStatus.values()) {
            Gauge.builder(MetricNames.SWEEPS, this, m -> m.known() ? m.counts.sweeps().get(s) : Double.NaN)
                    .description("Sweeps by status").tag(MetricNames.STATUS, s.name()).strongReference(true).register(registry);
        }
        for (String state : view.counts(System.currentTimeMillis()).workers().keySet()) {
            Gauge.builder(MetricNames.WORKERS, this, m -> m.known() ? m.counts.workers().get(state) : Double.NaN)
                    .description("Trainer workers by state; LOST: silent for longer than its heartbeat timeout")
                    .tag(MetricNames.STATE, state).strongReference(true).register(registry);
        }
        for (String topic : KafkaProbe.EVALUATOR_LAG_TOPICS) {
            Gauge.builder(MetricNames.EVALUATOR_LAG_RECORDS, this,
                            m -> m.fresh() ? m.reading.evaluatorLag().getOrDefault(topic, 0L) : Double.NaN)
                    .description("Records the evaluator has not read yet (consumer group evaluator)")
                    .tag(MetricNames.TOPIC, topic).strongReference(true).register(registry);
        }
        gauge(MetricNames.KAFKA_READ_AGE_SECONDS, "Seconds since the queue and the evaluator's lag were last read from Kafka",
                m -> m.reading == null ? Double.NaN : Math.max(0, m.nowMs - m.reading.readAtMs()) / 1000.0);
        gauge(MetricNames.DASHBOARD_CAUGHT_UP, "1 once the dashboard's replay of the topics has caught up, else 0",
                m -> m.counts.status().caughtUp() ? 1 : 0);
        gauge(MetricNames.DASHBOARD_RECORDS_BEHIND, "Records the dashboard's replay still has to read before it has caught up",
                m -> m.counts.status().recordsBehind());
        gauge(MetricNames.DASHBOARD_RECORDS_READ, "Records the dashboard has read since it started",
                m -> m.counts.status().recordsRead());
        gauge(MetricNames.DASHBOARD_RECORDS_SKIPPED, "Records the dashboard could not decode and skipped",
                m -> m.counts.status().skippedRecords());
        gauge(MetricNames.DASHBOARD_KAFKA_UP, "1 while the dashboard's feed gets answers from Kafka, else 0",
                m -> m.counts.status().kafkaTrouble() == null ? 1 : 0);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The page, in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public synchronized String scrape(long nowMs) {
        this.nowMs = nowMs;
        this.counts = view.counts(nowMs);
        this.reading = kafka.get();
        return registry.scrape();
    }

    private void gauge(String name, String description, ToDoubleFunction<DashboardMetrics> value) {
        Gauge.builder(name, this, value).description(description).strongReference(true).register(registry);
    }

    /** The view's numbers can be trusted: its replay caught up. */
    private boolean known() {
        return counts.status().caughtUp();
    }

    /** The Kafka reading is recent enough to report. */
    private boolean fresh() {
        return reading != null && nowMs - reading.readAtMs() <= STALE_AFTER.toMillis();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
