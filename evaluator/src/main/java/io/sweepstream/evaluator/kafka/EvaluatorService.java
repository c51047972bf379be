package io.sweepstream.evaluator.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.sweepstream.evaluator.leaderboard.SweepAggregator;
import io.sweepstream.schemas.avro.SweepSummary;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sweep evaluator}: keeps every sweep's summary current. Holds no state a restart would
 * lose: it reads {@code sweeps}, {@code runs.requested}, {@code runs.metrics} and {@code runs.results}
 * from the beginning, outside any consumer group, and once it has caught up publishes a summary
 * when it changed, at most once per {@code publishInterval} (see {@link EvaluatorLoop}).
 *
 * <p>Errors are sorted as in Kafka's exactly-once example ({@link ErrorKind}): a poison record goes
 * to {@code runs.dlq} and the evaluator goes on; a retriable error (broker down, timeout, a topic not
 * created yet) is said once in the log and retried every {@link #RETRY_BACKOFF} until Kafka answers
 * again; anything else stops the evaluator with one line in the log and the error in {@link #failure()}.
 *
 * <p>Call order: {@link #start()}, then {@link #close()}.
 */
public final class EvaluatorService implements AutoCloseable {

    static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(EvaluatorService.class);

    private final Supplier<EvaluatorLoop> loops;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile EvaluatorLoop loop;
    private volatile Throwable failure;

    public EvaluatorService(String bootstrapServers, int leaderboardSize, Duration publishInterval) {
        this(loops(bootstrapServers, new SweepAggregator(leaderboardSize), publishInterval));
    }

    /** For tests: the loop, with its clients, comes from {@code loops} (called once, on the evaluator's thread). */
    EvaluatorService(Supplier<EvaluatorLoop> loops) {
        this.loops = loops;
        this.thread = new Thread(this::run, "evaluator");
        this.thread.setDaemon(true);
    }

    public EvaluatorService start() {
        thread.start();
        return this;
    }

    /** The error that stopped the evaluator, or null while it runs (or after a clean close). */
    public Throwable failure() {
        return failure;
    }

    /** The summary of a sweep this evaluator last published (Kafka acknowledged it), or null. */
    public SweepSummary latest(String sweepId) {
        EvaluatorLoop l = loop;
        return l == null ? null : l.latest(sweepId);
    }

    /** Records of the input topics that could not be read and went to {@code runs.dlq}. */
    public long deadLettered() {
        EvaluatorLoop l = loop;
        return l == null ? 0 : l.deadLettered();
    }

    private void run() {
        EvaluatorLoop l = null;
        try {
            l = loops.get();
            loop = l;
            RuntimeException trouble = null;
            while (!closed.get()) {
                try {
                    if (l.step(System.currentTimeMillis()) && trouble != null) {
                        log.info("evaluator goes on: Kafka answers again");
                        trouble = null;
                    }
                } catch (WakeupException e) {
                    if (!closed.get()) {
                        throw e; // only close() wakes the consumer
                    }
                } catch (RuntimeException e) {
                    if (ErrorKind.of(e) != ErrorKind.RETRIABLE) {
                        throw e;
                    }
                    if (trouble == null) { // once per outage, not once per poll
                        log.warn("evaluator waits and retries every {} s: {}", RETRY_BACKOFF.toSeconds(), e.toString());
                    }
                    trouble = e;
                    closing.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            l.publishPending();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            stop(e);
        } finally {
            if (l != null) {
                closeQuietly(l);
            }
            stopped.countDown();
        }
    }

    private void stop(RuntimeException e) {
        failure = e;
        log.error("evaluator stopped, {}", ErrorKind.explain(e));
        if (!(e instanceof KafkaException) && !(e instanceof SecurityException)) {
            log.error("evaluator stopped on an unexpected error", e); // a bug: the trace says where
        }
    }

    private static void closeQuietly(EvaluatorLoop l) {
        try {
            l.close();
        } catch (RuntimeException e) {
            log.debug("evaluator clients did not close cleanly", e);
        }
    }

    private static Supplier<EvaluatorLoop> loops(String bootstrapServers, SweepAggregator aggregator, Duration publishInterval) {
        return () -> new EvaluatorLoop(
                new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.CLIENT_ID_CONFIG, "evaluator",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer()), // raw keys: a dead letter keeps them exact
                new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG, "evaluator",
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        // send() waits this long for metadata; the loop must not hang on it while Kafka is away
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                        new ByteArraySerializer(), new ByteArraySerializer()),
                aggregator, publishInterval);
    }

    @Override
    public void close() {
        closed.set(true);
        closing.countDown();
        EvaluatorLoop l = loop;
        if (l != null) {
            l.wakeup();
        }
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
