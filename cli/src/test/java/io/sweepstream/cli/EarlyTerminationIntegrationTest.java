package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.LoadedDataset;
import io.sweepstream.trainer.data.SyntheticDataset;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import io.sweepstream.trainer.run.RunExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Early termination end to end: spec, two real trainers on a synthetic dataset, the evaluator's stops. */
@ExtendWith(KafkaExtension.class)
class EarlyTerminationIntegrationTest {

    private static final LoadedDataset BLOBS = new LoadedDataset(DatasetKind.FASHION_MNIST,
            SyntheticDataset.blobs("blobs-train", 1000, 4, 4, 4, 21), SyntheticDataset.blobs("blobs-test", 100, 4, 4, 4, 22),
            Path.of("generated-in-memory"));

    /**
     * Grid order (the four runs cost the same, so the queue keeps it): the two runs that learn (lr 0.05)
     * come first and both trainers take them; the two that
     * cannot (lr 1e-7) reach epoch 1 after them, below the cutoff of the top third, and stop there,
     * long before their 300 epochs.
     */
    private static final String SPEC = """
            name: early
            method: grid
            metric: {name: val_accuracy, goal: maximize}
            early_terminate: {type: hyperband, min_iter: 1, eta: 3}
            parameters:
              epochs: {value: 300}
              batch_size: {value: 50}
              num_layers: {value: 1}
              optimizer: {value: adam}
              learning_rate: {values: [0.05, 0.0000001]}
              hidden_size: {value: 16}
              weight_init: {values: [xavier, he]}
            """;

    private static final long STALLER_EPOCH_PAUSE_MS = 100;

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
    void runsBelowTheBracketEndStoppedEarlyAndTheBestRunFinishes() {
        roles.evaluator();
        roles.trainer("early-1", pacedStallers(new EngineRunExecutor(name -> BLOBS, new Trainer())));
        roles.trainer("early-2", pacedStallers(new EngineRunExecutor(name -> BLOBS, new Trainer())));
        SweepController.submit(bootstrap, SpecParser.parse(SPEC), "early-test");

        Map<String, RunResult> results = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals("early-test"), 4,
                Duration.ofSeconds(180)).stream().collect(Collectors.toMap(RunResult::getRunId, r -> r, (a, b) -> b));

        assertEquals(4, results.size(), results.keySet().toString());
        for (String learns : List.of("early-test-r0000", "early-test-r0001")) {
            assertEquals(RunStatus.FINISHED, results.get(learns).getStatus(), learns);
            assertEquals(300, results.get(learns).getEpochsCompleted());
        }
        for (String stalls : List.of("early-test-r0002", "early-test-r0003")) {
            RunResult r = results.get(stalls);
            assertEquals(RunStatus.STOPPED_EARLY, r.getStatus(), stalls + ": " + r.getError());
            assertTrue(r.getEpochsCompleted() >= 1 && r.getEpochsCompleted() < 300, "stopped with its epochs so far: " + r.getEpochsCompleted());
            assertTrue(r.getError().startsWith("hyperband: val_accuracy"), r.getError());
            assertTrue(r.getBestValAccuracy() < results.get("early-test-r0000").getBestValAccuracy(), "its best so far is kept");
        }
    }

    /**
     * A stalling run on a tiny dataset trains its 300 epochs in well under a second on a fast machine,
     * sooner than the evaluator's stop can travel (metric, decision, control, next batch); CI once saw
     * r0003 finish. Pausing after each of their epochs gives the stop time to arrive, as on real data,
     * while trainer, evaluator and broker stay real. The learners train at full speed.
     */
    private static RunExecutor pacedStallers(RunExecutor engine) {
        return (request, attempt, workerId, progress, cancelled) -> {
            if (request.getHyperparameters().getLearningRate() >= 1e-3) {
                return engine.execute(request, attempt, workerId, progress, cancelled);
            }
            RunExecutor.Progress paced = metric -> {
                progress.epoch(metric);
                try {
                    Thread.sleep(STALLER_EPOCH_PAUSE_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            return engine.execute(request, attempt, workerId, paced, cancelled);
        };
    }
}
