package io.sweepstream.producer.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.producer.search.PlannedRun;
import io.sweepstream.producer.search.QueueOrder;
import io.sweepstream.producer.search.SearchState;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.role.InputReplay;
import io.sweepstream.schemas.role.RoleRunner;
import io.sweepstream.schemas.role.TrackedSends;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes sweeps and keeps them fed.
 *
 * <p>{@link #submit} publishes a sweep's definition and, when the sweep needs no controller
 * ({@link ControllerNeed}), all its runs. With {@code parallelism}, or for a bayes sweep, the controller
 * role ({@link #start}) publishes the runs, the next ones as results come in, so at most {@code parallelism}
 * runs of a sweep are in flight (a bayes sweep without it: {@link io.sweepstream.producer.search.TpeSearch#DEFAULT_PARALLELISM}),
 * and a bayes sweep's proposals learn from every result so far. A running controller says so on {@code controllers.status} ({@link ControllerHeartbeat}).
 * It keeps no state of its own: at start it reads {@code sweeps}, {@code runs.requested} and
 * {@code runs.results} from the beginning and decides nothing before it has caught up, so it can be
 * restarted at any time (see {@link ControllerLoop}). Run ids are a function of (sweep id, run
 * index), so a run published twice is one run (trainers skip the copy). A run with two results
 * counts once, by {@link io.sweepstream.schemas.RunResultsByRun}'s rule (the last one is its result).
 *
 * <p>Errors are sorted as in Kafka's exactly-once example ({@link io.sweepstream.schemas.topic.ErrorKind}):
 * a poison record goes to {@code runs.dlq} and the controller goes on; a retriable error (broker
 * down, timeout, a topic not created yet) is said once in the log and retried every
 * {@link RoleRunner#RETRY_BACKOFF} until Kafka answers again; anything else stops the controller with
 * one line in the log and the error in {@link #failure()}.
 */
public final class SweepController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SweepController.class);

    private final RoleRunner<ControllerLoop> runner;

    public SweepController(KafkaConnection kafka) {
        this(loops(kafka));
    }

    /** On a plaintext connection (the embedded broker, tests). */
    public SweepController(String bootstrapServers) {
        this(KafkaConnection.plaintext(bootstrapServers));
    }

    /** For tests: the loop, with its clients, comes from {@code loops} (called once, on the controller's thread). */
    SweepController(Supplier<ControllerLoop> loops) {
        this.runner = new RoleRunner<>("controller", "sweep-controller", log, loops);
    }

    /** What {@link #submit} published. */
    public record Submitted(String sweepId, SweepDefinition definition, int runsPublished) {
    }

    /**
     * Publishes a new sweep and its first runs; returns once Kafka has them.
     *
     * @throws IllegalArgumentException for a sweep that cannot be planned (unbounded without parallelism)
     */
    public static Submitted submit(String bootstrapServers, SweepSpec spec, String sweepId) {
        return submit(KafkaConnection.plaintext(bootstrapServers), spec, sweepId);
    }

    /** {@link #submit(String, SweepSpec, String)} through a connection with client properties. */
    public static Submitted submit(KafkaConnection kafka, SweepSpec spec, String sweepId) {
        SearchStrategy strategy = SearchStrategy.create(spec.method());
        OptionalInt total = strategy.totalRuns(spec);
        if (total.isEmpty() && ControllerNeed.of(spec).isEmpty()) {
            throw new IllegalArgumentException("run_cap: a " + spec.method().specName()
                    + " sweep without run_cap never ends; set run_cap, or parallelism and keep a controller running");
        }
        long now = System.currentTimeMillis();
        SweepDefinition definition = SweepRecords.definition(sweepId, spec, total.isPresent() ? total.getAsInt() : null, now);
        // A sweep that needs a controller gets its runs from it alone: two publishers of one sweep would race.
        List<PlannedRun> runs = ControllerNeed.of(spec).isPresent() ? List.of()
                : QueueOrder.longestFirst(strategy.next(spec, 0, SearchState.EMPTY, total.getAsInt()));
        try (KafkaProducer<String, byte[]> producer = newProducer(kafka, "sweep-submit")) {
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

    /** What {@link #extend} published: the grown definition and how many runs it queued itself. */
    public record Extended(SweepDefinition definition, int runsBefore, int runsPublished) {
    }

    /**
     * Grows a sweep by {@code more} runs: its run_cap and total rise, the status stays (an extended paused
     * sweep stays paused). Run indices go on from the old total: random search's run i is a pure function of
     * (seed, i), and a bayes sweep's next runs learn from every result so far. A sweep with a controller gets
     * the new runs from it; any other has them published here.
     *
     * @throws IllegalArgumentException for a cancelled or unbounded sweep, a grid with every combination
     *         already in it, or {@code more} below 1
     */
    public static Extended extend(KafkaConnection kafka, SweepDefinition latest, int more) {
        String sweepId = latest.getSweepId();
        if (more < 1) {
            throw new IllegalArgumentException("--runs must be a positive number of runs, found " + more);
        }
        if (latest.getStatus() == io.sweepstream.schemas.avro.SweepStatus.CANCELLED) {
            throw new IllegalArgumentException("sweep " + sweepId + " was cancelled; it cannot be extended");
        }
        SweepSpec spec = SweepRecords.spec(latest);
        SearchStrategy strategy = SearchStrategy.create(spec.method());
        OptionalInt before = strategy.totalRuns(spec);
        if (before.isEmpty()) {
            throw new IllegalArgumentException("sweep " + sweepId + " has no run_cap: it runs until it is cancelled, so there is nothing to extend");
        }
        int oldTotal = before.getAsInt();
        SweepSpec grown = spec.withRunCap((int) Math.min(Integer.MAX_VALUE, (long) oldTotal + more));
        int newTotal = strategy.totalRuns(grown).getAsInt();
        if (newTotal == oldTotal) {
            throw new IllegalArgumentException(spec.method() == io.sweepstream.producer.spec.SearchMethod.GRID
                    ? "grid sweep " + sweepId + " has all its " + oldTotal + " combinations already; a grid's size is fixed"
                    : "sweep " + sweepId + " has all " + oldTotal + " distinct configurations of its search space already");
        }
        SweepDefinition extended = SweepDefinition.newBuilder(latest).setRunCap(newTotal).setTotalRuns(newTotal).build();
        List<PlannedRun> runs = ControllerNeed.of(grown).isPresent() ? List.of()
                : QueueOrder.longestFirst(strategy.next(grown, oldTotal, SearchState.EMPTY, newTotal - oldTotal));
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = newProducer(kafka, "sweep-extend")) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (PlannedRun run : runs) {
                RunRequest request = SweepRecords.request(sweepId, grown, run, now);
                sent.add(producer.send(new ProducerRecord<>(Topics.RUNS_REQUESTED.name(), request.getRunId(), Topics.RUNS_REQUESTED.encode(request))));
            }
            // The definition last: a sweep never claims runs that were not queued.
            sent.add(producer.send(new ProducerRecord<>(Topics.SWEEPS.name(), sweepId, Topics.SWEEPS.encode(extended))));
            awaitAll(sent);
        }
        return new Extended(extended, oldTotal, runs.size());
    }

    public SweepController start() {
        runner.start();
        return this;
    }

    /** The error that stopped the controller, or null while it runs (or after a clean close). */
    public Throwable failure() {
        return runner.failure();
    }

    /** Records of the input topics that could not be read and went to {@code runs.dlq}. */
    public long deadLettered() {
        ControllerLoop l = runner.loop();
        return l == null ? 0 : l.deadLettered();
    }

    private static Supplier<ControllerLoop> loops(KafkaConnection kafka) {
        return () -> new ControllerLoop(
                InputReplay.consumer(kafka, "sweep-controller"),
                TrackedSends.producer(kafka, "sweep-controller"),
                ControllerHeartbeat.create(kafka));
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

    static KafkaProducer<String, byte[]> newProducer(KafkaConnection kafka, String clientId) {
        return new KafkaProducer<>(kafka.config(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        runner.close();
    }
}
