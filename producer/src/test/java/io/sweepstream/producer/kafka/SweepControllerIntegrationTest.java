package io.sweepstream.producer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.producer.search.RandomSearch;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.command.SweepCommands;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.topic.TopicAdmin;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The controller paces a sweep by its parallelism, proposes a bayes sweep's runs from its results,
 * can be restarted without publishing a run twice,
 * sets poison aside in {@code runs.dlq} and counts a run with two results once.
 */
@ExtendWith(KafkaExtension.class)
class SweepControllerIntegrationTest {

    private static String bootstrap;

    @BeforeAll
    static void createTopics(KafkaBackend kafka) {
        bootstrap = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
    }

    @Test
    void keepsParallelismRunsInFlightAndResumesAfterARestartWithoutRepublishing() throws Exception {
        SweepController.submit(bootstrap, SpecParser.parse("""
                name: paced
                method: grid
                parallelism: 2
                parameters:
                  hidden_size: {values: [8, 16, 32, 64, 128]}
                """), "paced");
        try (SweepController first = new SweepController(bootstrap).start()) {
            assertEquals(Set.of(0, 1), indexes(awaitRequests(2)));
        }

        try (SweepController restarted = new SweepController(bootstrap).start()) {
            Thread.sleep(3000); // time enough to (wrongly) publish more
            assertEquals(2, requests().size(), "a restarted controller rebuilds what is in flight");

            publishResult(requests().get(0));
            assertEquals(Set.of(0, 1, 2), indexes(awaitRequests(3)), "one result frees one slot");
            Thread.sleep(2000);
            assertEquals(3, requests().size());
        }
    }

    @Test
    void proposesABayesSweepFromItsResultsTwoAtATimeAcrossARestart() throws Exception {
        SweepController.submit(bootstrap, SpecParser.parse("""
                name: tpe
                method: bayes
                metric: {name: val_accuracy, goal: maximize}
                run_cap: 6
                parallelism: 2
                seed: 5
                parameters:
                  learning_rate: {distribution: log_uniform_values, min: 1e-5, max: 1e-1}
                  optimizer: {values: [sgd, adam, nadam]}
                """), "tpe");
        Map<Integer, Long> resultSentAt = new java.util.HashMap<>();
        try (SweepController first = new SweepController(bootstrap).start()) {
            assertEquals(Set.of(0, 1), indexes(awaitRequests("tpe", 2)), "parallelism 2: two runs before any result");
            for (int k = 0; k < 2; k++) {
                resultSentAt.put(k, publishResult(request("tpe", k), 0.5 + 0.1 * k));
                assertEquals(3 + k, awaitRequests("tpe", 3 + k).size());
            }
        }
        // A restarted controller rebuilds the history and what is in flight from the topics and goes on.
        try (SweepController restarted = new SweepController(bootstrap).start()) {
            for (int k = 2; k < 6; k++) {
                resultSentAt.put(k, publishResult(request("tpe", k), 0.5 + 0.1 * k));
                if (k + 3 <= 6) {
                    assertEquals(k + 3, awaitRequests("tpe", k + 3).size());
                }
            }
            assertNull(restarted.failure());
        }

        List<RunRequest> all = requests("tpe");
        assertEquals(List.of(0, 1, 2, 3, 4, 5), all.stream().map(RunRequest::getRunIndex).sorted().toList(), "six runs, each once");
        assertEquals(6, all.stream().map(RunRequest::getHyperparameters).distinct().count(), "six different configurations");
        for (RunRequest q : all) {
            if (q.getRunIndex() >= 2) {
                // Run i waits for run i-2's result: with 2 in flight, a slot frees only when a result arrives.
                long freedAt = resultSentAt.get(q.getRunIndex() - 2);
                assertTrue(q.getRequestedAtMs() >= freedAt, "run " + q.getRunIndex() + " requested at " + q.getRequestedAtMs()
                        + ", before the result that made room for it (" + freedAt + ")");
            }
        }
    }

    @Test
    void deadLettersPoisonOnEveryInputAndGoesOnAndARunWithTwoResultsFreesOneSlot() throws Exception {
        SweepController.submit(bootstrap, SpecParser.parse("""
                name: dup
                method: grid
                parallelism: 2
                parameters:
                  hidden_size: {values: [8, 16, 32, 64, 128]}
                """), "dup");
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            poison(raw, Topics.SWEEPS.name()); // read while catching up
            try (SweepController controller = new SweepController(bootstrap).start()) {
                assertEquals(Set.of(0, 1), indexes(awaitRequests("dup", 2)));
                poison(raw, Topics.RUNS_REQUESTED.name()); // read live
                poison(raw, Topics.RUNS_RESULTS.name());

                RunRequest first = requests("dup").stream().filter(q -> q.getRunIndex() == 0).findFirst().orElseThrow();
                publishResult(first);
                publishResult(first); // its trainer died after writing the result: the run counts once
                assertEquals(Set.of(0, 1, 2), indexes(awaitRequests("dup", 3)));
                Thread.sleep(2000); // time enough to (wrongly) publish a fourth
                assertEquals(3, requests("dup").size(), "two results of one run free one slot");

                List<DeadLetter> letters = TopicReader.read(bootstrap, Topics.RUNS_DLQ,
                        d -> d.getConsumer().equals("sweep-controller"), 3, Duration.ofSeconds(20));
                assertEquals(Set.of("sweeps", "runs.requested", "runs.results"), letters.stream().map(DeadLetter::getTopic).collect(Collectors.toSet()));
                for (DeadLetter d : letters) {
                    assertTrue(d.getError().contains("not Avro single-object encoding"), d.getError());
                    assertEquals("poison-" + d.getTopic(), StandardCharsets.UTF_8.decode(d.getKey()).toString());
                }
                assertEquals(3, controller.deadLettered());
                assertNull(controller.failure());
            }
        }
    }

    @Test
    void aRandomSweepWithParallelismCompletesWithExactlyItsRunsAcrossAControllerRestart() throws Exception {
        SweepController.submit(bootstrap, SpecParser.parse("""
                name: restart
                method: random
                run_cap: 6
                parallelism: 2
                seed: 9
                parameters:
                  learning_rate: {distribution: log_uniform_values, min: 1e-4, max: 1e-1}
                  hidden_size: {values: [8, 16, 32]}
                """), "restart");
        try (SweepController first = new SweepController(bootstrap).start()) {
            awaitRequests("restart", 2);
            publishResult(request("restart", 0));
            awaitRequests("restart", 3);
        }
        // Stopped after 3 of 6 runs were published; a new controller finishes the sweep.
        try (SweepController restarted = new SweepController(bootstrap).start()) {
            for (int k = 1; k < 6; k++) {
                int index = k;
                awaitRequests("restart", Math.min(6, k + 2));
                publishResult(request("restart", index));
            }
            assertNull(restarted.failure());
        }
        List<RunRequest> all = requests("restart");
        assertEquals(List.of(0, 1, 2, 3, 4, 5), all.stream().map(RunRequest::getRunIndex).sorted().toList(), "six runs, each published once");
        assertEquals(6, all.stream().map(RunRequest::getRunId).distinct().count());
    }

    @Test
    void aPausedSweepGetsNoNewRunFromTheControllerUntilItResumes() throws Exception {
        SweepController.submit(bootstrap, SpecParser.parse("""
                name: pausing
                method: grid
                parallelism: 1
                parameters:
                  hidden_size: {values: [8, 16, 32]}
                """), "pausing");
        KafkaConnection kafka = KafkaConnection.plaintext(bootstrap);
        try (SweepController controller = new SweepController(bootstrap).start();
             SweepCommands commands = new SweepCommands(kafka, "test")) {
            awaitRequests("pausing", 1);
            commands.pause(SweepCommands.latest(kafka, "pausing").orElseThrow(), "test");
            // A marker sweep tells what the controller has read: sweeps has one partition, so once it
            // publishes the marker's first run it has seen the pause.
            SweepController.submit(bootstrap, SpecParser.parse("name: marker\nmethod: grid\nparallelism: 1\nparameters:\n  hidden_size: {values: [8, 16]}\n"), "marker-p");
            awaitRequests("marker-p", 1);
            publishResult(request("pausing", 0));
            publishResult(request("marker-p", 0));
            awaitRequests("marker-p", 2); // it read a result sent after the paused sweep's: time enough to (wrongly) publish its run 1
            assertEquals(Set.of(0), indexes(requests("pausing")), "paused: no new run");

            commands.resume(SweepCommands.latest(kafka, "pausing").orElseThrow(), "test");
            assertEquals(Set.of(0, 1), indexes(awaitRequests("pausing", 2)), "resumed: the next run");
            assertNull(controller.failure());
        }
    }

    @Test
    void extendingARandomSweepPublishesTheNextIndicesAndABayesSweepGetsThemFromItsController() throws Exception {
        KafkaConnection kafka = KafkaConnection.plaintext(bootstrap);
        SweepSpec random = SpecParser.parse("""
                name: more
                method: random
                run_cap: 3
                seed: 4
                parameters:
                  learning_rate: {distribution: log_uniform_values, min: 1e-4, max: 1e-1}
                """);
        SweepController.submit(kafka, random, "more");
        SweepController.Extended e = SweepController.extend(kafka, SweepCommands.latest(kafka, "more").orElseThrow(), 4);
        assertEquals(3, e.runsBefore());
        assertEquals(4, e.runsPublished());
        assertEquals(7, e.definition().getTotalRuns());
        List<RunRequest> more = awaitRequests("more", 7);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), more.stream().map(RunRequest::getRunIndex).sorted().toList());
        RandomSearch search = new RandomSearch();
        for (RunRequest q : more) {
            assertEquals(SweepRecords.hyperparameters(search.configAt(random.withRunCap(7), q.getRunIndex())), q.getHyperparameters(),
                    "run i of the extended sweep is run i of the same seed");
        }
        assertEquals(7, SweepCommands.latest(kafka, "more").orElseThrow().getTotalRuns());

        SweepController.submit(kafka, SpecParser.parse("""
                name: tpe-more
                method: bayes
                metric: {name: val_accuracy, goal: maximize}
                run_cap: 2
                parallelism: 2
                seed: 5
                parameters:
                  learning_rate: {distribution: log_uniform_values, min: 1e-5, max: 1e-1}
                """), "tpe-more");
        try (SweepController controller = new SweepController(bootstrap).start()) {
            for (RunRequest q : awaitRequests("tpe-more", 2)) {
                publishResult(q, 0.5 + 0.01 * q.getRunIndex());
            }
            SweepController.Extended b = SweepController.extend(kafka, SweepCommands.latest(kafka, "tpe-more").orElseThrow(), 2);
            assertEquals(0, b.runsPublished(), "the controller publishes a bayes sweep's runs");
            assertEquals(List.of(0, 1, 2, 3), awaitRequests("tpe-more", 4).stream().map(RunRequest::getRunIndex).sorted().toList());
            assertNull(controller.failure());
        }
    }

    @Test
    void extendRefusesAFullGridACancelledSweepAndAnUnboundedOne() throws Exception {
        KafkaConnection kafka = KafkaConnection.plaintext(bootstrap);
        SweepController.submit(kafka, SpecParser.parse("name: g\nmethod: grid\nparameters:\n  hidden_size: {values: [8, 16]}\n"), "full-grid");
        IllegalArgumentException grid = assertThrows(IllegalArgumentException.class,
                () -> SweepController.extend(kafka, SweepCommands.latest(kafka, "full-grid").orElseThrow(), 5));
        assertEquals("grid sweep full-grid has all its 2 combinations already; a grid's size is fixed", grid.getMessage());

        SweepController.submit(kafka, SpecParser.parse("name: g\nmethod: grid\nrun_cap: 1\nparameters:\n  hidden_size: {values: [8, 16, 32]}\n"), "capped-grid");
        SweepController.Extended capped = SweepController.extend(kafka, SweepCommands.latest(kafka, "capped-grid").orElseThrow(), 5);
        assertEquals(3, capped.definition().getTotalRuns(), "a capped grid grows up to its size");
        assertEquals(Set.of(0, 1, 2), indexes(awaitRequests("capped-grid", 3)));

        try (SweepCommands commands = new SweepCommands(kafka, "test")) {
            commands.cancel(SweepCommands.latest(kafka, "capped-grid").orElseThrow(), "test");
        }
        assertThrows(IllegalArgumentException.class,
                () -> SweepController.extend(kafka, SweepCommands.latest(kafka, "capped-grid").orElseThrow(), 1));
        assertThrows(IllegalArgumentException.class,
                () -> SweepController.extend(kafka, SweepCommands.latest(kafka, "full-grid").orElseThrow(), 0));
    }

    private static void poison(KafkaProducer<byte[], byte[]> raw, String topic) throws Exception {
        raw.send(new ProducerRecord<>(topic, ("poison-" + topic).getBytes(StandardCharsets.UTF_8), new byte[] {0x42, 0x41, 0x44})).get();
    }

    private static List<RunRequest> requests(String sweepId) {
        return TopicReader.read(bootstrap, Topics.RUNS_REQUESTED, q -> q.getSweepId().equals(sweepId), Integer.MAX_VALUE, Duration.ofSeconds(1));
    }

    private static List<RunRequest> awaitRequests(String sweepId, int count) {
        return TopicReader.read(bootstrap, Topics.RUNS_REQUESTED, q -> q.getSweepId().equals(sweepId), count, Duration.ofSeconds(30));
    }

    private static List<RunRequest> requests() {
        return TopicReader.read(bootstrap, Topics.RUNS_REQUESTED, q -> q.getSweepId().equals("paced"), Integer.MAX_VALUE, Duration.ofSeconds(1));
    }

    private static List<RunRequest> awaitRequests(int count) {
        return TopicReader.read(bootstrap, Topics.RUNS_REQUESTED, q -> q.getSweepId().equals("paced"), count, Duration.ofSeconds(30));
    }

    private static Set<Integer> indexes(List<RunRequest> requests) {
        return requests.stream().map(RunRequest::getRunIndex).collect(Collectors.toSet());
    }

    private static RunRequest request(String sweepId, int index) {
        return requests(sweepId).stream().filter(q -> q.getRunIndex() == index).findFirst().orElseThrow();
    }

    private static void publishResult(RunRequest request) throws Exception {
        publishResult(request, 0.5);
    }

    /** Publishes a FINISHED result; returns the time just before the send, which no request it frees a slot for can precede. */
    private static long publishResult(RunRequest request, double valAccuracy) throws Exception {
        RunResult result = RunResult.newBuilder()
                .setSweepId(request.getSweepId()).setRunId(request.getRunId()).setStatus(RunStatus.FINISHED)
                .setHyperparameters(request.getHyperparameters()).setDataset(request.getDataset()).setSeed(request.getSeed())
                .setBestValAccuracy(valAccuracy).setEpochsCompleted(1).setDurationMs(10).setWorkerId("test").setFinishedAtMs(1)
                .build();
        try (KafkaProducer<String, byte[]> producer = SweepController.newProducer(io.sweepstream.schemas.client.KafkaConnection.plaintext(bootstrap), "test")) {
            long sentAt = System.currentTimeMillis();
            producer.send(new ProducerRecord<>(Topics.RUNS_RESULTS.name(), result.getRunId(), Topics.RUNS_RESULTS.encode(result))).get();
            return sentAt;
        }
    }
}
