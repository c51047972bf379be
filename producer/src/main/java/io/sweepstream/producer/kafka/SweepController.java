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
        List<PlannedRun> runs = ControllerNeed.of(spec).isPresent() ? List.of() : strategy.next(spec, 0, SearchState.EMPTY, total.getAsInt());
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
