package io.sweepstream.dashboard.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.role.ProgressGroups;
import io.sweepstream.schemas.topic.QueueStatus;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.schemas.topic.TrainerQueue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, every few seconds on its own thread, what only Kafka's admin API knows: the trainers' share
 * group lag on the queue ({@link QueueStatus}) and the evaluator's lag ({@link ProgressGroups#EVALUATOR}).
 * A scrape of {@code /metrics} takes the last reading and never waits on Kafka.
 *
 * <p>A failed read keeps the last reading (its age shows how old it is), is said once in the log, and
 * is tried again at the next interval. Call order: {@link #start()}, {@link #latest()} from any thread,
 * {@link #close()}.
 */
public final class KafkaProbe implements AutoCloseable {

    /** How often Kafka is asked. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    /** The evaluator's inputs whose lag is reported: what its summaries do not count yet. */
    public static final List<String> EVALUATOR_LAG_TOPICS = List.of(Topics.RUNS_METRICS.name(), Topics.RUNS_RESULTS.name());
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(KafkaProbe.class);

    private final Admin admin;
    private final String shareGroup;
    private final String evaluatorGroup;
    private final Duration interval;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-kafka-probe");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaReading latest;
    private boolean saidFailing;

    public KafkaProbe(KafkaConnection kafka) {
        this(kafka, TrainerQueue.GROUP, ProgressGroups.EVALUATOR, INTERVAL);
    }

    /** For tests: other groups, a shorter interval. */
    public KafkaProbe(KafkaConnection kafka, String shareGroup, String evaluatorGroup, Duration interval) {
        // The admin client refuses an API timeout shorter than its request timeout (30 s by default).
        this.admin = Admin.create(kafka.config(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "dashboard-metrics",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())));
        this.shareGroup = shareGroup;
        this.evaluatorGroup = evaluatorGroup;
        this.interval = interval;
    }

    public KafkaProbe start() {
        thread.scheduleWithFixedDelay(this::read, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The last successful reading, or null before the first. Any thread. */
    public KafkaReading latest() {
        return latest;
    }

    private void read() {
        try {
            long lag = QueueStatus.read(admin, shareGroup, TIMEOUT).lag();
            Map<String, Long> evaluator = ConsumerGroupLag.read(admin, evaluatorGroup, EVALUATOR_LAG_TOPICS, TIMEOUT);
            latest = new KafkaReading(lag, evaluator, System.currentTimeMillis());
            if (saidFailing) {
                saidFailing = false;
                log.info("the dashboard reads the queue and the evaluator's lag again");
            }
        } catch (KafkaException e) {
            if (!saidFailing) {
                saidFailing = true;
                log.warn("the dashboard cannot read the queue or the evaluator's lag for /metrics: {}; retrying every {} s",
                        e.getMessage(), interval.toSeconds());
            }
        } catch (RuntimeException e) {
            // anything else would silently cancel the schedule: say it, keep the thread
            log.warn("reading the queue for /metrics failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
