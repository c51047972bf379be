package io.sweepstream.producer.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.sweepstream.producer.search.PlannedRun;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes sweeps and keeps them fed.
 *
 * <p>{@link #submit} publishes a sweep's definition and, when the sweep needs no controller
 * ({@link ControllerNeed}), all its runs. With {@code parallelism}, the controller role ({@link #start})
 * publishes the runs, the next ones as results come in, so at most {@code parallelism} runs of a sweep are
 * in flight. A running controller says so on {@code controllers.status} ({@link ControllerHeartbeat}).
 * It keeps no state of its own: at start it reads {@code sweeps}, {@code runs.requested} and
 * {@code runs.results} from the beginning and decides nothing before it has caught up, so it can be
 * restarted at any time (see {@link ControllerLoop}). Run ids are a function of (sweep id, run
 * index), so a run published twice is one run (trainers skip the copy). A run with two results
 * counts once, by {@link io.sweepstream.schemas.RunResultsByRun}'s rule (the last one is its result).
 *
 * <p>Errors are sorted as in Kafka's exactly-once example ({@link ErrorKind}): a poison record goes
 * to {@code runs.dlq} and the controller goes on; a retriable error (broker down, timeout, a topic
 * not created yet) is said once in the log and retried every {@link #RETRY_BACKOFF} until Kafka
 * answers again; anything else stops the controller with one line in the log and the error in
 * {@link #failure()}.
 */
public final class SweepController implements AutoCloseable {

    static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(SweepController.class);

    private final Supplier<ControllerLoop> loops;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile ControllerLoop loop;
    private volatile Throwable failure;

    public SweepController(String bootstrapServers) {
        this(loops(bootstrapServers));
    }

    /** For tests: the loop, with its clients, comes from {@code loops} (called once, on the controller's thread). */
    SweepController(Supplier<ControllerLoop> loops) {
        this.loops = loops;
        this.thread = new Thread(this::run, "sweep-controller");
        this.thread.setDaemon(true);
    }

    /** What {@link #submit} published. */
    public record Submitted(String sweepId, SweepDefinition definition, int runsPublished) {
    }

    /**
     * Publishes a new sweep and its first runs; returns once Kafka has them.
     *
     * @throws UnsupportedOperationException for a search method not available yet
     * @throws IllegalArgumentException for a sweep that cannot be planned (unbounded without parallelism)
     */
    public static Submitted submit(String bootstrapServers, SweepSpec spec, String sweepId) {
        SearchStrategy strategy = SearchStrategy.create(spec.method());
        OptionalInt total = strategy.totalRuns(spec);
        if (total.isEmpty() && spec.parallelism().isEmpty()) {
            throw new IllegalArgumentException("run_cap: a " + spec.method().specName()
                    + " sweep without run_cap never ends; set run_cap, or parallelism and keep a controller running");
        }
        long now = System.currentTimeMillis();
        SweepDefinition definition = SweepRecords.definition(sweepId, spec, total.isPresent() ? total.getAsInt() : null, now);
        // A sweep that needs a controller gets its runs from it alone: two publishers of one sweep would race.
        List<PlannedRun> runs = ControllerNeed.of(spec).isPresent() ? List.of() : strategy.next(spec, 0, List.of(), total.getAsInt());
        try (KafkaProducer<String, byte[]> producer = newProducer(bootstrapServers, "sweep-submit")) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            sent.add(producer.send(new ProducerRecord<>(Topics.SWEEPS.name(), sweepId, Topics.SWEEPS.encode(definition))));
            for (PlannedRun run : runs) {
                RunRequest request = SweepRecords.request(sweepId, spec, run, now);
                sent.add(producer.send(new ProducerRecord<>(Topics.RUNS_REQUESTED.name(), request.getRunId(), Topics.RUNS_REQUESTED.encode(request))));
            }
            awaitAll(sent);
        }
        return new Submitted(sweepId, definition, runs.size());
    }

    public SweepController start() {
        thread.start();
        return this;
    }

    /** The error that stopped the controller, or null while it runs (or after a clean close). */
    public Throwable failure() {
        return failure;
    }

    /** Records of the input topics that could not be read and went to {@code runs.dlq}. */
    public long deadLettered() {
        ControllerLoop l = loop;
        return l == null ? 0 : l.deadLettered();
    }

    private void run() {
        ControllerLoop l = null;
        try {
            l = loops.get();
            loop = l;
            RuntimeException trouble = null;
            while (!closed.get()) {
                try {
                    if (l.step(System.currentTimeMillis()) && trouble != null) {
                        log.info("controller goes on: Kafka answers again");
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
                        log.warn("controller waits and retries every {} s: {}", RETRY_BACKOFF.toSeconds(), e.toString());
                    }
                    trouble = e;
                    closing.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
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
        log.error("controller stopped, {}", ErrorKind.explain(e));
        if (!(e instanceof KafkaException) && !(e instanceof SecurityException)) {
            log.error("controller stopped on an unexpected error", e); // a bug: the trace says where
        }
    }

    private static void closeQuietly(ControllerLoop l) {
        try {
            l.close();
        } catch (RuntimeException e) {
            log.debug("controller clients did not close cleanly", e);
        }
    }

    private static Supplier<ControllerLoop> loops(String bootstrapServers) {
        return () -> new ControllerLoop(
                new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.CLIENT_ID_CONFIG, "sweep-controller",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        // a replay that falls behind retention starts over at the oldest record, not at the end
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer()), // raw keys: a dead letter keeps them exact
                new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG, "sweep-controller",
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        // send() waits this long for metadata; the loop must not hang on it while Kafka is away
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                        new ByteArraySerializer(), new ByteArraySerializer()),
                ControllerHeartbeat.create(bootstrapServers));
    }

    /** Waits for every send: a run that Kafka refused must not count as published. */
    private static void awaitAll(List<Future<RecordMetadata>> sent) {
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a sweep record: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a sweep", e);
        }
    }

    static KafkaProducer<String, byte[]> newProducer(String bootstrapServers, String clientId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        closed.set(true);
        closing.countDown();
        ControllerLoop l = loop;
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
