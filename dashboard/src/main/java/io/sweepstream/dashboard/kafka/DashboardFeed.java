package io.sweepstream.dashboard.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.sweepstream.dashboard.view.DashboardView;
import io.sweepstream.schemas.serde.UndecodableRecordException;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link DashboardView} from Kafka: assigns itself every partition of the dashboard's topics
 * (outside any consumer group, so it holds no state a restart would lose), replays them from the
 * beginning, and follows them.
 *
 * <p>Guarantees, and how:
 * <ul>
 *   <li>Nothing stale is current: the view is marked caught up only once the replay has read up to the
 *       end offsets the topics had when the feed started; until then it reports its progress.</li>
 *   <li>An outage is said, not hidden: every {@link #LIVENESS_CHECK} the feed asks Kafka for the end
 *       offsets; a retriable error (broker down, timeout, a topic not created yet) goes to the view
 *       (the page shows it), is logged once, and is retried every {@link #RETRY_BACKOFF}.</li>
 *   <li>A record that cannot be decoded is skipped and counted; the roles that consume it dead-letter
 *       it, the dashboard only shows.</li>
 *   <li>Anything else (authorization, a setup fault) stops the feed with one line in the log and the
 *       error in {@link #failure()}.</li>
 * </ul>
 *
 * <p>Call order: {@link #start()}, then {@link #close()}.
 */
public final class DashboardFeed implements AutoCloseable {

    /** The topics the view is built from. */
    public static final List<String> TOPICS = List.of(
            Topics.SWEEPS.name(), Topics.SWEEPS_SUMMARY.name(), Topics.RUNS_REQUESTED.name(),
            Topics.RUNS_METRICS.name(), Topics.RUNS_RESULTS.name(), Topics.WORKERS_STATUS.name());
    static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    static final Duration LIVENESS_CHECK = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(DashboardFeed.class);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final DashboardView view;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile Throwable failure;

    // Owned by the feed's thread.
    private List<TopicPartition> partitions;
    private Map<TopicPartition, Long> catchUpTo;
    private boolean caughtUp;
    private long read;
    private long nextProgressMs;
    private long nextLivenessMs;

    public DashboardFeed(String bootstrapServers, DashboardView view) {
        this(() -> new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "dashboard",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()), view);
    }

    /** For tests: the consumer comes from {@code consumers} (called once, on the feed's thread). */
    DashboardFeed(Supplier<Consumer<byte[], byte[]>> consumers, DashboardView view) {
        this.consumers = consumers;
        this.view = view;
        this.thread = new Thread(this::run, "dashboard-feed");
        this.thread.setDaemon(true);
    }

    public DashboardFeed start() {
        thread.start();
        return this;
    }

    /** The error that stopped the feed, or null while it runs (or after a clean close). */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        Consumer<byte[], byte[]> c = null;
        try {
            c = consumers.get();
            consumer = c;
            String trouble = null;
            while (!closed.get()) {
                try {
                    step(c, System.currentTimeMillis());
                    if (trouble != null) {
                        log.info("dashboard feed goes on: Kafka answers again");
                        trouble = null;
                        view.kafkaTrouble(null, System.currentTimeMillis());
                    }
                } catch (WakeupException e) {
                    if (!closed.get()) {
                        throw e; // only close() wakes the consumer
                    }
                } catch (RuntimeException e) {
                    if (!(e instanceof RetriableException)) {
                        throw e;
                    }
                    if (trouble == null) { // once per outage, not once per poll
                        log.warn("dashboard feed waits and retries every {} s: {}", RETRY_BACKOFF.toSeconds(), e.toString());
                    }
                    trouble = e.getMessage() != null ? e.getMessage() : e.toString();
                    view.kafkaTrouble(trouble, System.currentTimeMillis());
                    closing.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            view.kafkaTrouble("the dashboard stopped reading Kafka: " + e, System.currentTimeMillis());
            log.error("dashboard feed stopped: {}", e.toString());
            if (!(e instanceof KafkaException) && !(e instanceof SecurityException)) {
                log.error("dashboard feed stopped on an unexpected error", e); // a bug: the trace says where
            }
        } finally {
            if (c != null) {
                try {
                    c.close(Duration.ofSeconds(2));
                } catch (RuntimeException e) {
                    log.debug("dashboard consumer did not close cleanly", e);
                }
            }
            stopped.countDown();
        }
    }

    /** One round: read what arrived into the view; say how far the replay is; check Kafka now and then. */
    void step(Consumer<byte[], byte[]> c, long nowMs) {
        if (partitions == null) {
            partitions = assign(c);
            c.seekToBeginning(partitions);
            catchUpTo = c.endOffsets(partitions, Duration.ofSeconds(10));
            nextLivenessMs = nowMs + LIVENESS_CHECK.toMillis();
        }
        ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            apply(r);
        }
        read += records.count();
        if (!caughtUp) {
            if (TopicReplay.caughtUp(c, catchUpTo)) {
                caughtUp = true;
                view.markCaughtUp(read);
                log.info("dashboard caught up with {} ({} records)", TOPICS, read);
            } else if (nowMs >= nextProgressMs) {
                long behind = 0;
                for (Map.Entry<TopicPartition, Long> e : catchUpTo.entrySet()) {
                    behind += Math.max(0, e.getValue() - c.position(e.getKey()));
                }
                view.replayProgress(read, behind);
                nextProgressMs = nowMs + PROGRESS_EVERY.toMillis();
            }
        }
        if (records.isEmpty() && nowMs >= nextLivenessMs) {
            // An idle poll looks the same whether Kafka is quiet or away: ask it something.
            c.endOffsets(partitions, Duration.ofSeconds(3));
            nextLivenessMs = nowMs + LIVENESS_CHECK.toMillis();
        } else if (!records.isEmpty()) {
            nextLivenessMs = nowMs + LIVENESS_CHECK.toMillis();
        }
    }

    private static List<TopicPartition> assign(Consumer<byte[], byte[]> c) {
        List<TopicPartition> assigned = TopicReplay.assignAll(c, TOPICS);
        for (String topic : TOPICS) {
            if (assigned.stream().noneMatch(tp -> tp.topic().equals(topic))) {
                // retriable: the topics may be being created right now; a view without one would be partial
                throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist yet");
            }
        }
        return assigned;
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return; // a tombstone
        }
        try {
            String topic = r.topic();
            if (topic.equals(Topics.RUNS_METRICS.name())) {
                view.onMetric(Topics.RUNS_METRICS.decode(r.partition(), r.offset(), r.value()));
            } else if (topic.equals(Topics.RUNS_RESULTS.name())) {
                view.onResult(Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value()));
            } else if (topic.equals(Topics.RUNS_REQUESTED.name())) {
                view.onRequest(Topics.RUNS_REQUESTED.decode(r.partition(), r.offset(), r.value()));
            } else if (topic.equals(Topics.WORKERS_STATUS.name())) {
                view.onWorker(Topics.WORKERS_STATUS.decode(r.partition(), r.offset(), r.value()));
            } else if (topic.equals(Topics.SWEEPS_SUMMARY.name())) {
                view.onSummary(Topics.SWEEPS_SUMMARY.decode(r.partition(), r.offset(), r.value()));
            } else {
                view.onDefinition(Topics.SWEEPS.decode(r.partition(), r.offset(), r.value()));
            }
        } catch (UndecodableRecordException e) {
            view.skipped();
            log.warn("dashboard skips {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        closed.set(true);
        closing.countDown();
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
