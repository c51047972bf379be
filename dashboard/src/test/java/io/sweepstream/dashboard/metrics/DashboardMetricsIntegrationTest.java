package io.sweepstream.dashboard.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.dashboard.Api;
import io.sweepstream.dashboard.Dashboard;
import io.sweepstream.dashboard.Publisher;
import io.sweepstream.dashboard.SweepFixture;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.role.ProgressGroups;
import io.sweepstream.schemas.topic.TopicAdmin;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /metrics} against a real broker: run requests no trainer took are waiting, a live worker's
 * heartbeat makes a run running and a lost one's does not, results are counted once per run by status,
 * and the evaluator's lag is read from its group's committed offsets.
 */
@ExtendWith(KafkaExtension.class)
class DashboardMetricsIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final SweepFixture QUEUED = SweepFixture.of("queued", "queued sweep", 4, 3);
    private static final SweepFixture DONE = SweepFixture.of("done", "done sweep", 3, 3);
    private static final double TRAINER_SAMPLES_PER_SECOND = 1234.5;

    private static String servers;
    private static Publisher publish;
    private static Dashboard dashboard;
    private static Api api;
    private static ScheduledExecutorService heartbeats;

    @BeforeAll
    static void publishThenStart(KafkaBackend kafka) {
        servers = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
        publish = new Publisher(servers);
        publish.definition(QUEUED.definition());
        for (int i = 0; i < QUEUED.runs(); i++) {
            publish.request(QUEUED.request(i)); // nobody consumes the queue: no trainer runs
        }
        // The done sweep's runs: one with two results (FAILED, then FINISHED: the last counts), one DIVERGED.
        publish.definition(SweepDefinition.newBuilder(DONE.definition()).setStatus(SweepStatus.FINISHED).build());
        publish.result(withStatus(DONE.result(0, "w0"), RunStatus.FAILED));
        publish.result(DONE.result(0, "w0"));
        publish.result(DONE.result(1, "w0"));
        publish.result(withStatus(DONE.result(2, "w0"), RunStatus.DIVERGED));
        publish.metric(DONE.metric(0, 1, 1, "w0")).metric(DONE.metric(0, 2, 1, "w0"));
        // A trainer that went silent a minute ago while training: lost, its run is not running.
        publish.worker(SweepFixture.worker("w-lost", WorkerState.TRAINING, QUEUED.sweepId(), QUEUED.runId(1), 1, 3,
                System.currentTimeMillis() - 60_000));
        publish.flush();
        // Two live workers heartbeat every 2 s, as trainers do: one training run 0, one idle.
        heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> {
            long now = System.currentTimeMillis();
            WorkerStatus training = SweepFixture.worker("w-training", WorkerState.TRAINING, QUEUED.sweepId(), QUEUED.runId(0), 1, 3, now);
            training.setSamplesPerSecond(TRAINER_SAMPLES_PER_SECOND);
            publish.worker(training).worker(SweepFixture.worker("w-idle", WorkerState.IDLE, null, null, 0, 0, now)).flush();
        }, 0, 2, TimeUnit.SECONDS);

        dashboard = Dashboard.start(new Dashboard.Settings(servers, "127.0.0.1", 0, null));
        api = new Api(dashboard.port());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
            heartbeats.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (publish != null) {
            publish.close();
        }
    }

    @Test
    void requestsNoTrainerTookAreWaitingAndALiveWorkersRunIsRunning() {
        PrometheusText m = awaitMetrics(p -> p.value(MetricNames.QUEUE_RUNS_RUNNING) == 1
                && p.value(MetricNames.QUEUE_RUNS_WAITING) == QUEUED.runs() - 1);

        assertEquals(QUEUED.runs() - 1, m.value(MetricNames.QUEUE_RUNS_WAITING), "4 requests, 1 of them in training");
        assertEquals(1, m.value(MetricNames.QUEUE_RUNS_RUNNING), "the lost worker's run does not count");
        assertTrue(m.value(MetricNames.KAFKA_READ_AGE_SECONDS) < DashboardMetrics.STALE_AFTER.toSeconds());
    }

    @Test
    void runsEndedAreCountedOncePerRunByTheirLastResult() {
        PrometheusText m = awaitMetrics(p -> p.value(MetricNames.DASHBOARD_CAUGHT_UP) == 1);

        assertEquals(2, m.value(MetricNames.RUNS_ENDED, MetricNames.STATUS, "FINISHED"));
        assertEquals(1, m.value(MetricNames.RUNS_ENDED, MetricNames.STATUS, "DIVERGED"));
        assertEquals(0, m.value(MetricNames.RUNS_ENDED, MetricNames.STATUS, "FAILED"), "run 0 failed first, then finished");
        assertEquals(0, m.value(MetricNames.RUNS_ENDED, MetricNames.STATUS, "STOPPED"));
        assertEquals(1, m.value(MetricNames.SWEEPS, MetricNames.STATUS, "ACTIVE"));
        assertEquals(1, m.value(MetricNames.SWEEPS, MetricNames.STATUS, "FINISHED"));
        assertEquals(0, m.value(MetricNames.SWEEPS, MetricNames.STATUS, "CANCELLED"));
    }

    @Test
    void throughputAndWorkersComeFromTheHeartbeatsOfLiveWorkers() {
        PrometheusText m = awaitMetrics(p -> p.value(MetricNames.WORKERS, MetricNames.STATE, "TRAINING") == 1
                && p.value(MetricNames.WORKERS, MetricNames.STATE, "IDLE") == 1);

        assertEquals(TRAINER_SAMPLES_PER_SECOND, m.value(MetricNames.TRAINING_SAMPLES_PER_SECOND), 1e-9,
                "the lost worker's last throughput does not count");
        assertEquals(1, m.value(MetricNames.WORKERS, MetricNames.STATE, "LOST"));
        assertEquals(0, m.value(MetricNames.WORKERS, MetricNames.STATE, "STOPPED"));
        assertEquals(0, m.value(MetricNames.DASHBOARD_RECORDS_BEHIND));
        assertEquals(1, m.value(MetricNames.DASHBOARD_KAFKA_UP));
    }

    @Test
    void evaluatorLagIsTheRecordsAfterItsGroupsCommittedOffsets() throws Exception {
        // The evaluator's group read every partition of runs.results but the last record of each.
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        long expected = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            int partitions = admin.describeTopics(List.of(Topics.RUNS_RESULTS.name())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.RUNS_RESULTS.name()).partitions().size();
            for (int p = 0; p < partitions; p++) {
                ends.put(new TopicPartition(Topics.RUNS_RESULTS.name(), p), OffsetSpec.latest());
            }
            for (var e : admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).entrySet()) {
                long end = e.getValue().offset();
                commit.put(e.getKey(), new OffsetAndMetadata(Math.max(0, end - 1)));
                expected += end > 0 ? 1 : 0;
            }
        }
        try (KafkaConsumer<byte[], byte[]> evaluator = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, ProgressGroups.EVALUATOR,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            evaluator.assign(commit.keySet());
            evaluator.commitSync(commit, Duration.ofSeconds(30));
        }
        long resultsLag = expected;

        PrometheusText m = awaitMetrics(p -> p.value(MetricNames.EVALUATOR_LAG_RECORDS, MetricNames.TOPIC, Topics.RUNS_RESULTS.name()) == resultsLag);

        assertTrue(resultsLag >= 1 && resultsLag <= 4, "4 results on runs.results, at least one partition holds one: " + resultsLag);
        assertEquals(2, m.value(MetricNames.EVALUATOR_LAG_RECORDS, MetricNames.TOPIC, Topics.RUNS_METRICS.name()),
                "nothing committed on runs.metrics: both metrics are unread");
    }

    @Test
    void servesThePrometheusTextFormat() {
        Api.Reply r = api.get("/metrics");

        assertEquals(200, r.status());
        assertEquals(DashboardMetrics.CONTENT_TYPE, r.header("Content-Type"));
        assertTrue(r.body().contains("# TYPE " + MetricNames.QUEUE_RUNS_WAITING + " gauge"), r.body());
        assertTrue(r.body().contains("\njvm_memory_used_bytes{"), "the JVM's own metrics are there too");
    }

    private static RunResult withStatus(RunResult r, RunStatus status) {
        return RunResult.newBuilder(r).setStatus(status).build();
    }

    /** Scrapes {@code /metrics} until the page matches, or fails after {@link #WAIT} with the last page. */
    private static PrometheusText awaitMetrics(Predicate<PrometheusText> ready) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            Api.Reply r = api.get("/metrics");
            last = r.body();
            if (r.status() == 200) {
                PrometheusText page = PrometheusText.parse(r.body());
                if (ready.test(page)) {
                    return page;
                }
            }
            sleep(200);
        }
        throw new AssertionError("/metrics did not match within " + WAIT + "; last page:\n" + last);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
