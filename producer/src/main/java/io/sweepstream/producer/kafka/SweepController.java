package io.sweepstream.producer.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sweepstream.producer.search.FinishedRun;
import io.sweepstream.producer.search.PlannedRun;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.SweepMetric;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.topic.TopicReplay;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes sweeps and keeps them fed.
 *
 * <p>{@link #submit} publishes a sweep's definition and, when the spec sets no {@code parallelism},
 * all its runs. With {@code parallelism}, the controller role ({@link #start}) publishes the runs,
 * the next ones as results come in, so at most {@code parallelism} runs of a sweep are in flight.
 * It keeps no state of its own: at start it reads {@code sweeps}, {@code runs.requested} and
 * {@code runs.results} from the beginning, so it can be restarted at any time. Run ids are a
 * function of (sweep id, run index), so a run published twice is one run (trainers skip the copy).
 */
public final class SweepController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SweepController.class);

    private final String bootstrapServers;
    private final Map<String, SweepProgress> sweeps = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Throwable failure;

    public SweepController(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.thread = new Thread(this::loop, "sweep-controller");
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
        // With parallelism the controller alone publishes runs: two publishers of one sweep would race.
        List<PlannedRun> runs = spec.parallelism().isPresent() ? List.of() : strategy.next(spec, 0, List.of(), total.getAsInt());
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

    public Throwable failure() {
        return failure;
    }

    private void loop() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "sweep-controller",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = newProducer(bootstrapServers, "sweep-controller")) {
            consumer = c;
            List<TopicPartition> partitions = TopicReplay.assignAll(c,
                    List.of(Topics.SWEEPS.name(), Topics.RUNS_REQUESTED.name(), Topics.RUNS_RESULTS.name()));
            c.seekToBeginning(partitions);
            // Publish nothing until the past is read: a restarted controller must not redo what was done.
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            Set<String> changed = new LinkedHashSet<>();
            while (!closed.get() && !TopicReplay.caughtUp(c, end)) {
                poll(c, changed);
            }
            changed.addAll(sweeps.keySet());
            while (!closed.get()) {
                for (String sweepId : changed) {
                    topUp(sweeps.get(sweepId), producer);
                }
                changed.clear();
                poll(c, changed);
            }
        } catch (WakeupException e) {
            if (!closed.get()) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("sweep controller stopped: {}", e.toString(), e);
        } finally {
            stopped.countDown();
        }
    }

    private void poll(KafkaConsumer<String, byte[]> c, Set<String> changed) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
            if (r.value() == null) {
                continue;
            }
            try {
                String sweepId = apply(r);
                if (sweepId != null) {
                    changed.add(sweepId);
                }
            } catch (RuntimeException e) {
                log.warn("controller skips unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
    }

    private String apply(ConsumerRecord<String, byte[]> r) {
        if (r.topic().equals(Topics.SWEEPS.name())) {
            SweepDefinition d = Topics.SWEEPS.decode(r.partition(), r.offset(), r.value());
            progress(d.getSweepId()).definition(d);
            return d.getSweepId();
        }
        if (r.topic().equals(Topics.RUNS_REQUESTED.name())) {
            RunRequest q = Topics.RUNS_REQUESTED.decode(r.partition(), r.offset(), r.value());
            progress(q.getSweepId()).published(q.getRunIndex(), q.getRunId());
            return q.getSweepId();
        }
        RunResult result = Topics.RUNS_RESULTS.decode(r.partition(), r.offset(), r.value());
        progress(result.getSweepId()).finished(result);
        return result.getSweepId();
    }

    private SweepProgress progress(String sweepId) {
        return sweeps.computeIfAbsent(sweepId, id -> new SweepProgress());
    }

    /** Publishes the next runs of a sweep that has room for them. */
    private void topUp(SweepProgress p, KafkaProducer<String, byte[]> producer) {
        if (p == null || p.definition == null || p.definition.getStatus() != SweepStatus.ACTIVE || p.definition.getParallelism() == null) {
            return; // sweeps without parallelism were published whole by submit
        }
        SweepSpec spec;
        SearchStrategy strategy;
        try {
            spec = p.spec();
            strategy = SearchStrategy.create(spec.method());
        } catch (RuntimeException e) {
            log.warn("controller cannot plan sweep {}: {}", p.definition.getSweepId(), e.getMessage());
            return;
        }
        Integer total = p.definition.getTotalRuns();
        int inFlight = p.inFlight();
        int room = p.definition.getParallelism() - inFlight;
        if (total != null) {
            room = Math.min(room, total - p.nextIndex);
        }
        if (room <= 0) {
            return;
        }
        List<PlannedRun> runs = strategy.next(spec, p.nextIndex, p.history(spec), room);
        long now = System.currentTimeMillis();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (PlannedRun run : runs) {
            RunRequest request = SweepRecords.request(p.definition.getSweepId(), spec, run, now);
            sent.add(producer.send(new ProducerRecord<>(Topics.RUNS_REQUESTED.name(), request.getRunId(), Topics.RUNS_REQUESTED.encode(request))));
            p.published(run.index(), request.getRunId());
        }
        awaitAll(sent);
        log.info("controller published {} run(s) of {}", runs.size(), p.definition.getSweepId());
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
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the controller knows of one sweep, all of it rebuilt from the topics. */
    private static final class SweepProgress {
        SweepDefinition definition;
        private SweepSpec spec;
        int nextIndex;
        final Set<String> published = new HashSet<>();
        /** One result per run, the last on runs.results: the rule every reader of results applies. */
        final RunResultsByRun results = new RunResultsByRun();

        void definition(SweepDefinition d) {
            definition = d;
            spec = null;
        }

        SweepSpec spec() {
            if (spec == null) {
                spec = SpecParser.parse(definition.getSpecYaml());
            }
            return spec;
        }

        void published(int index, String runId) {
            published.add(runId);
            nextIndex = Math.max(nextIndex, index + 1);
        }

        void finished(RunResult r) {
            results.put(r);
        }

        int inFlight() {
            int n = 0;
            for (String runId : published) {
                if (!results.contains(runId)) {
                    n++;
                }
            }
            return n;
        }

        List<FinishedRun> history(SweepSpec spec) {
            SweepMetric metric = SweepMetric.parse(spec.metric().name());
            List<FinishedRun> out = new ArrayList<>();
            for (RunResult r : results.values()) {
                // No last epoch here: train_* metrics give no history, as before.
                OptionalDouble value = metric.of(r, null);
                if (value.isPresent() && Double.isFinite(value.getAsDouble())) {
                    out.add(new FinishedRun(SweepRecords.config(r), value.getAsDouble()));
                }
            }
            return out;
        }
    }
}
