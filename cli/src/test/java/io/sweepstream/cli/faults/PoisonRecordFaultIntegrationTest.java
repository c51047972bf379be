package io.sweepstream.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.sweepstream.cli.SweepProcesses;
import io.sweepstream.cli.SweepProcesses.Role;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4: random bytes on every topic a role consumes, with a trainer, the controller, the evaluator and
 * the dashboard running as JVMs. A poison record on a topic that a role decides from (sweeps, runs.requested,
 * runs.metrics, runs.results, runs.control) lands in {@code runs.dlq} with its topic, offset and reason;
 * on a topic only views read (workers.status, sweeps.summary, controllers.status) it is skipped with a log
 * line (views do not write). Nothing stops: a sweep submitted after the poison completes, in the
 * evaluator's summary and on the dashboard.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // the processes are killed on timeout too
@ExtendWith(SharedBroker.class)
class PoisonRecordFaultIntegrationTest {

    /** This scenario's own sweep id and trainer id: it shares its broker with other scenarios. */
    private static final String AFTER = "poison-after";
    private static final String TRAINER = "poison-t1";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Topics whose poison some role dead-letters (the evaluator reads all five; the trainer and the controller some). */
    private static final List<String> DEAD_LETTERED = List.of(Topics.SWEEPS.name(), Topics.RUNS_REQUESTED.name(),
            Topics.RUNS_METRICS.name(), Topics.RUNS_RESULTS.name(), Topics.RUNS_CONTROL.name());
    /** Topics only views read: their poison is skipped and logged. */
    private static final List<String> SKIPPED = List.of(Topics.WORKERS_STATUS.name(), Topics.SWEEPS_SUMMARY.name(),
            Topics.CONTROLLERS_STATUS.name());

    @TempDir
    Path tmp;

    @Test
    void poisonOnEveryConsumedTopicIsDeadLetteredOrSkippedAndEveryRoleKeepsServing(SharedBroker.Broker broker) throws Exception {
        Path dataDir = SweepProcesses.writeSyntheticData(tmp.resolve("data"), 1000);
        try (SweepProcesses roles = new SweepProcesses(tmp)) {
            String bootstrap = broker.bootstrap();
            roles.startCluster(bootstrap, dataDir, SweepProcesses.DEFAULT_HEAP, List.of(TRAINER), STARTUP,
                    Role.CONTROLLER, Role.EVALUATOR, Role.DASHBOARD);
            String dashboard = roles.dashboardAddress(0, STARTUP);

            // Poison: random bytes, some of them behind the single-object header so they get past the magic check.
            Random random = new Random(4);
            Map<String, Long> poisonOffsets = new TreeMap<>();
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (String topic : concat(DEAD_LETTERED, SKIPPED)) {
                    byte[] value = new byte[20 + random.nextInt(200)];
                    random.nextBytes(value);
                    if (random.nextBoolean()) {
                        value[0] = (byte) 0xC3;
                        value[1] = 0x01;
                    }
                    RecordMetadata m = p.send(new ProducerRecord<>(topic, ("poison-" + topic).getBytes(), value)).get();
                    poisonOffsets.put(topic, m.offset());
                }
            }

            // Each dead-lettered poison is in runs.dlq with its position and a reason.
            Map<String, DeadLetter> letters = new HashMap<>();
            for (DeadLetter d : TopicReader.read(bootstrap, Topics.RUNS_DLQ,
                    d -> poisonOffsets.containsKey(d.getTopic().toString()) && d.getOffset() == poisonOffsets.get(d.getTopic().toString()),
                    Integer.MAX_VALUE, Duration.ofSeconds(20))) {
                letters.putIfAbsent(d.getTopic().toString(), d);
                if (letters.keySet().containsAll(DEAD_LETTERED)) {
                    break;
                }
            }
            assertEquals(Set.copyOf(DEAD_LETTERED), letters.keySet(), "a dead letter for each poison a role decides from\n" + roles.logs());
            letters.values().forEach(d -> assertTrue(d.getError() != null && !d.getError().toString().isBlank(), "a reason: " + d));

            // Nothing stopped: a sweep submitted now completes, and every view shows it.
            SweepController.submit(bootstrap, SpecParser.parse("""
                    name: after-poison
                    method: grid
                    dataset: mnist
                    parameters:
                      epochs: {value: 1}
                      batch_size: {value: 32}
                      learning_rate: {values: [0.01, 0.003]}
                    """), AFTER);
            List<RunResult> results = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals(AFTER), 2, WAIT);
            assertEquals(2, results.size(), "the sweep after the poison completes\n" + roles.logs());
            assertTrue(results.stream().allMatch(r -> r.getStatus() == RunStatus.FINISHED), results::toString);
            List<SweepSummary> summary = TopicReader.read(bootstrap, Topics.SWEEPS_SUMMARY,
                    s -> s.getSweepId().equals(AFTER) && s.getCounts().getFinished() == 2, 1, WAIT);
            assertEquals(1, summary.size(), "the evaluator summarises it\n" + roles.logs());
            awaitDashboardShowsFinished(dashboard + "/api/sweeps/" + AFTER + "/runs", 2, roles);
            for (String role : List.of(TRAINER, "controller", "evaluator", "dashboard")) {
                assertTrue(roles.get(role).isAlive(), role + " still runs\n" + roles.logs());
            }

            FaultTally tally = FaultTally.count(bootstrap, "4 (poison on " + poisonOffsets.size() + " topics)", poisonOffsets.size(),
                    AFTER::equals, Duration.ofSeconds(3)).report();
            assertEquals(2, tally.requested());
            assertEquals(0, tally.lost(), tally.perRun()::toString);
            assertEquals(0, tally.duplicated(), tally.perRun()::toString);
        }
    }

    private static void awaitDashboardShowsFinished(String url, int runs, SweepProcesses roles) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            body = r.body();
            if (r.statusCode() == 200 && body.split("\"status\":\"FINISHED\"", -1).length - 1 == runs) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the dashboard did not show " + runs + " finished runs: " + body + "\n" + roles.logs());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
