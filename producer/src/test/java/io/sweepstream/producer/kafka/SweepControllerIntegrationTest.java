package io.sweepstream.producer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.producer.spec.SpecParser;
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
