package io.sweepstream.evaluator.kafka;

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
import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.EarlyTermination;
import io.sweepstream.schemas.avro.EarlyTerminationType;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.LeaderboardEntry;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.testing.Await;
import io.sweepstream.schemas.topic.Topic;
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
 * The evaluator on a real broker: poison on every input goes to {@code runs.dlq} with its reason
 * while the summaries stay right, a run with two results counts once, and an evaluator replayed
 * from the topics publishes what the live one did.
 */
@ExtendWith(KafkaExtension.class)
class EvaluatorIntegrationTest {

    private static final String SWEEP = "sw";
    private static String bootstrap;

    @BeforeAll
    static void createTopics(KafkaBackend kafka) {
        AvroClassTrust.install();
        bootstrap = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createAll(admin, (short) 1, Duration.ofSeconds(60));
        }
    }

    @Test
    void deadLettersPoisonOnEveryInputCountsADuplicateResultOnceAndReplaysToTheSameSummary() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            // Before the evaluator starts (read while catching up) ...
            send(producer, Topics.SWEEPS, SWEEP, Topics.SWEEPS.encode(EvaluatorLoopTest.definition("val_accuracy", 2)));
            poison(producer, Topics.SWEEPS);
            poison(producer, Topics.RUNS_REQUESTED);
            for (String runId : List.of("r1", "r2")) {
                send(producer, Topics.RUNS_REQUESTED, runId, Topics.RUNS_REQUESTED.encode(RunRequest.newBuilder(SampleEvents.fullRunRequest())
                        .setSweepId(SWEEP).setRunId(runId).build()));
            }
            send(producer, Topics.RUNS_RESULTS, "r1", Topics.RUNS_RESULTS.encode(EvaluatorLoopTest.result("r1", 0.70)));

            try (EvaluatorService live = new EvaluatorService(bootstrap, 5, Duration.ofMillis(100)).start()) {
                Await.until(() -> live.latest(SWEEP) != null, "a first summary");
                // ... and after it caught up (read live).
                poison(producer, Topics.RUNS_METRICS);
                poison(producer, Topics.RUNS_RESULTS);
                send(producer, Topics.RUNS_RESULTS, "r2", Topics.RUNS_RESULTS.encode(EvaluatorLoopTest.result("r2", 0.80)));
                // r1 again: its trainer died after writing the result; the last one is the run's result
                send(producer, Topics.RUNS_RESULTS, "r1", Topics.RUNS_RESULTS.encode(EvaluatorLoopTest.result("r1", 0.90)));

                Await.until(() -> live.latest(SWEEP).getStatus() == SweepStatus.FINISHED && live.latest(SWEEP).getBest().getMetricValue() == 0.90,
                        "the summary with both runs");
                SweepSummary s = live.latest(SWEEP);
                assertEquals(2, s.getCounts().getFinished(), "r1 has two results and counts once");
                assertEquals(2, s.getCounts().getRequested());
                assertEquals(List.of("r1", "r2"), s.getLeaderboard().stream().map(LeaderboardEntry::getRunId).toList());
                assertEquals(0.90, s.getBest().getMetricValue(), "the later result of r1 is shown");
                // r1's repeat came after the sweep ended and was compacted (bounded state): the best run keeps its matrix.
                assertEquals(SampleEvents.fullRunResult().getConfusionMatrix(), s.getBestConfusionMatrix());
                assertEquals(SampleEvents.CLASS_NAMES, s.getClassNames());
                assertEquals(4, live.deadLettered());
                assertNull(live.failure());

                List<DeadLetter> letters = TopicReader.read(bootstrap, Topics.RUNS_DLQ, d -> d.getConsumer().equals("evaluator"), 4, Duration.ofSeconds(20));
                assertEquals(Set.of("sweeps", "runs.requested", "runs.metrics", "runs.results"),
                        letters.stream().map(DeadLetter::getTopic).collect(Collectors.toSet()));
                for (DeadLetter d : letters) {
                    assertTrue(d.getError().contains("not Avro single-object encoding"), d.getError());
                    assertEquals("poison-" + d.getTopic(), StandardCharsets.UTF_8.decode(d.getKey()).toString());
                }
                List<SweepSummary> onTopic = TopicReader.read(bootstrap, Topics.SWEEPS_SUMMARY, x -> true, Integer.MAX_VALUE, Duration.ofSeconds(2));
                assertEquals(s, onTopic.get(onTopic.size() - 1), "what latest() returns is on sweeps.summary");

                try (EvaluatorService replayed = new EvaluatorService(bootstrap, 5, Duration.ofMillis(100)).start()) {
                    Await.until(() -> replayed.latest(SWEEP) != null, "the replayed evaluator's summary");
                    assertEquals(s, replayed.latest(SWEEP), "a replayed evaluator publishes what the live one shows");
                }
            }
        }
    }

    @Test
    void stopsTheRunsOutsideTheTopThirdAtTheBracketOnceEvenAfterARestart() throws Exception {
        String sweep = "sw-early";
        SweepDefinition definition = SweepDefinition.newBuilder(EvaluatorLoopTest.definition("val_accuracy", 5))
                .setSweepId(sweep)
                .setEarlyTermination(EarlyTermination.newBuilder().setType(EarlyTerminationType.HYPERBAND).setEta(3.0)
                        .setMinIter(2).setStrict(false).setMilestones(List.of(2, 6)).build())
                .build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            send(producer, Topics.SWEEPS, sweep, Topics.SWEEPS.encode(definition));
            // Epoch 1 of four runs, then the evaluator starts: nobody has reached bracket 2 yet.
            Map<String, double[]> curves = Map.of("e1", new double[] {0.7, 0.9}, "e2", new double[] {0.6, 0.8},
                    "e3", new double[] {0.5, 0.3}, "e4", new double[] {0.2, 0.2});
            for (String run : List.of("e1", "e2", "e3", "e4")) {
                send(producer, Topics.RUNS_METRICS, run, Topics.RUNS_METRICS.encode(epoch(sweep, run, 1, curves.get(run)[0])));
            }
            try (EvaluatorService live = new EvaluatorService(bootstrap, 5, Duration.ofMillis(100)).start()) {
                Await.until(() -> live.latest(sweep) != null, "a first summary");
                assertEquals(List.of(), stops(sweep, 0, Duration.ofSeconds(1)), "no run has reached the first bracket");

                for (String run : List.of("e1", "e2", "e3", "e4")) {
                    send(producer, Topics.RUNS_METRICS, run, Topics.RUNS_METRICS.encode(epoch(sweep, run, 2, curves.get(run)[1])));
                }
                // At epoch 2: 0.9 0.8 0.3 0.2, rank floor(4/3) = 1 is the cutoff 0.8; e3's best 0.5 and e4's 0.2 are below.
                List<Control> stops = stops(sweep, 2, Duration.ofSeconds(30));
                assertEquals(Set.of("e3", "e4"), stops.stream().map(Control::getRunId).collect(Collectors.toSet()));
                for (Control c : stops) {
                    assertEquals(ControlType.STOP_RUN, c.getType());
                    assertTrue(c.getEarlyTermination());
                    assertTrue(c.getReason().startsWith("hyperband: val_accuracy"), c.getReason());
                }
                assertNull(live.failure());
            }
            // A restarted evaluator replays the same history, reads its stops back and stops nobody again.
            try (EvaluatorService replayed = new EvaluatorService(bootstrap, 5, Duration.ofMillis(100)).start()) {
                Await.until(() -> replayed.latest(sweep) != null, "the replayed evaluator's summary");
                assertEquals(2, stops(sweep, 3, Duration.ofSeconds(3)).size(), "still two stops");
            }
        }
    }

    private static EpochMetric epoch(String sweep, String run, int epoch, double valAccuracy) {
        return EpochMetric.newBuilder(SampleEvents.fullEpochMetric()).setSweepId(sweep).setRunId(run).setAttempt(1)
                .setEpoch(epoch).setEpochs(6).setValAccuracy(valAccuracy).build();
    }

    /** The sweep's commands on runs.control: waits until {@code enough} (at least one) are there, or the timeout. */
    private static List<Control> stops(String sweep, int enough, Duration timeout) {
        return TopicReader.read(bootstrap, Topics.RUNS_CONTROL, c -> sweep.equals(c.getSweepId()), Math.max(enough, 1), timeout);
    }

    private static void poison(KafkaProducer<byte[], byte[]> producer, Topic<?, ?> topic) throws Exception {
        send(producer, topic, "poison-" + topic.name(), new byte[] {0x42, 0x41, 0x44});
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Topic<?, ?> topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key.getBytes(StandardCharsets.UTF_8), value)).get();
    }
}
