package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.evaluator.kafka.EvaluatorService;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.LeaderboardEntry;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.LoadedDataset;
import io.sweepstream.trainer.data.SyntheticDataset;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole pipeline on a real broker: spec, controller, two trainers, evaluator. */
@ExtendWith(KafkaExtension.class)
class PipelineIntegrationTest {

    private static final LoadedDataset TINY = new LoadedDataset(DatasetKind.FASHION_MNIST,
            SyntheticDataset.blobs("tiny-train", 400, 4, 4, 4, 11), SyntheticDataset.blobs("tiny-test", 80, 4, 4, 4, 12),
            Path.of("generated-in-memory"));

    private static final String GRID = """
            name: grid8
            method: grid
            metric: {name: val_accuracy, goal: maximize}
            seed: 7
            parallelism: 3
            parameters:
              epochs: {value: 2}
              batch_size: {value: 16}
              num_layers: {value: 1}
              learning_rate: {value: 0.01}
              optimizer: {values: [adam, nag]}
              activation: {values: [relu, tanh]}
              hidden_size: {values: [8, 16]}
            """;

    private static InProcessRoles roles;
    private static String bootstrap;

    @BeforeAll
    static void createTopics(KafkaBackend kafka) {
        roles = InProcessRoles.on(kafka);
        bootstrap = roles.bootstrap();
    }

    @AfterEach
    void stopRoles() throws Exception {
        roles.close();
    }

    @Test
    void gridSweepOfEightRunsGivesEachResultOnceAndTheLeaderboardOfItsResults() throws Exception {
        poisonRunRequests();
        EvaluatorService evaluator = roles.evaluator();
        roles.trainer("pipe-1", TINY);
        roles.trainer("pipe-2", TINY);
        roles.controller();
        SweepSpec spec = SpecParser.parse(GRID);
        SweepController.Submitted submitted = SweepController.submit(bootstrap, spec, "grid8-test");
        assertEquals(0, submitted.runsPublished(), "with parallelism the controller publishes every run");

        List<RunResult> results = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals("grid8-test"), 8, Duration.ofSeconds(120));
        assertEquals(8, results.size(), "every run has a result");
        assertEquals(8, results.stream().map(RunResult::getRunId).distinct().count(), "each run exactly once");
        results.forEach(r -> assertEquals(RunStatus.FINISHED, r.getStatus(), r.getRunId()));
        List<RunRequest> requests = TopicReader.read(bootstrap, Topics.RUNS_REQUESTED, q -> q.getSweepId().equals("grid8-test"), 9, Duration.ofSeconds(3));
        assertEquals(8, requests.size(), "the controller published each run once");

        SweepSummary summary = awaitFinished(evaluator, "grid8-test");
        assertEquals(8, summary.getCounts().getFinished());
        assertEquals(8, summary.getCounts().getRequested());
        List<RunResult> expected = results.stream()
                .sorted(Comparator.comparing(RunResult::getBestValAccuracy).reversed().thenComparing(RunResult::getRunId))
                .collect(Collectors.toList());
        List<LeaderboardEntry> board = summary.getLeaderboard();
        assertEquals(8, board.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(expected.get(i).getRunId(), board.get(i).getRunId(), "rank " + (i + 1));
            assertEquals(expected.get(i).getBestValAccuracy(), board.get(i).getMetricValue(), 0.0);
        }
        assertEquals(expected.get(0).getConfusionMatrix(), summary.getBestConfusionMatrix());
        assertEquals(6, summary.getBestPerParameterValue().size(), "two values each of optimizer, activation, hidden_size");

        List<DeadLetter> letters = TopicReader.read(bootstrap, Topics.RUNS_DLQ, d -> true, 1, Duration.ofSeconds(5));
        assertEquals("pipeline-poison", new String(letters.get(0).getKey().array(), StandardCharsets.UTF_8));

        // Replay: a new evaluator that starts from scratch rebuilds the same summary.
        evaluator.close();
        EvaluatorService replay = roles.evaluator();
        assertEquals(summary, awaitFinished(replay, "grid8-test"));
    }

    private void poisonRunRequests() throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.RUNS_REQUESTED.name(), "pipeline-poison".getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xC3, 0x01, 1, 2, 3})).get();
        }
    }

    private static SweepSummary awaitFinished(EvaluatorService evaluator, String sweepId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            SweepSummary s = evaluator.latest(sweepId);
            if (s != null && s.getStatus() == SweepStatus.FINISHED) {
                return s;
            }
            Thread.sleep(100);
        }
        SweepSummary s = evaluator.latest(sweepId);
        assertNotNull(s, "the evaluator published a summary");
        assertTrue(false, "sweep did not finish in the summary: " + s.getCounts());
        return s;
    }
}
