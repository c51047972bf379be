package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.data.IdxWriter;
import io.sweepstream.trainer.data.SyntheticDataset;
import io.sweepstream.trainer.kafka.TrainerWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trainer in its own JVM killed with SIGKILL mid-run: another trainer finishes the run as attempt 2, and
 * {@code sweep status} then lists the killed one as lost, with where its run went.
 */
@ExtendWith(KafkaExtension.class)
class WorkerKillIntegrationTest {

    @TempDir
    Path dataDir;

    @Test
    void aTrainerKilledMidRunHandsItsRunToAnotherTrainer(KafkaBackend kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        TopicSetup.createAll(bootstrap, null);
        IdxWriter.writeDirectory(dataDir, SyntheticDataset.blobs("train", 2000, 28, 28, 10, 1),
                SyntheticDataset.blobs("test", 200, 28, 28, 10, 2), true);

        Process doomed = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                SweepCommand.class.getName(), "trainer", "--id", "doomed", "--bootstrap", bootstrap, "--data-dir", dataDir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        TrainerWorker rescuer = null;
        try {
            awaitWorker(bootstrap, "doomed", WorkerState.IDLE);
            SweepController.submit(bootstrap, SpecParser.parse("""
                    name: kill
                    method: grid
                    dataset: mnist
                    parameters:
                      epochs: {value: 8}
                      num_layers: {value: 2}
                      hidden_size: {value: 64}
                      batch_size: {value: 16}
                    """), "kill-test");
            List<EpochMetric> first = TopicReader.read(bootstrap, Topics.RUNS_METRICS, m -> m.getSweepId().equals("kill-test"), 1, Duration.ofSeconds(60));
            assertEquals("doomed", first.get(0).getWorkerId(), "the external trainer took the run");

            rescuer = TrainerCommand.newWorker(bootstrap, "rescuer", dataDir).start();
            doomed.destroyForcibly(); // SIGKILL: no goodbye to the group, no commit
            assertTrue(doomed.waitFor(10, TimeUnit.SECONDS));

            List<RunResult> results = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals("kill-test"), 1, Duration.ofSeconds(90));
            RunResult result = results.get(0);
            assertEquals(RunStatus.FINISHED, result.getStatus());
            assertEquals("rescuer", result.getWorkerId());
            assertEquals(2, result.getAttempt(), "the retry counts as attempt 2");
            assertEquals(1, TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals("kill-test"), 2, Duration.ofSeconds(2)).size());

            // Once its silence passes the lost threshold, status shows the killed trainer as lost, never as
            // training, and says where its run went.
            String lost = awaitStatusLine(bootstrap, l -> l.contains(" worker doomed@") && l.contains(" LOST: "));
            assertTrue(lost.matches(".*; it was training " + result.getRunId() + " \\(attempt 1, epoch \\d/8\\); that run FINISHED on rescuer \\(attempt 2\\)"), lost);
        } finally {
            doomed.destroyForcibly();
            if (rescuer != null) {
                rescuer.close();
            }
        }
        assertFalse(doomed.isAlive());
    }

    /** Runs {@code sweep status} until a line matches, for at most 40 s (the lost threshold is 15 s of silence). */
    private static String awaitStatusLine(String bootstrap, java.util.function.Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            Cli.Result status = Cli.run("status", "--bootstrap", bootstrap);
            assertEquals(0, status.exitCode(), status::transcript);
            for (String line : status.outLines()) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such status line within 40 s\n" + status.transcript());
            }
            Thread.sleep(1000);
        }
    }

    private static void awaitWorker(String bootstrap, String workerId, WorkerState state) {
        List<WorkerStatus> seen = TopicReader.read(bootstrap, Topics.WORKERS_STATUS,
                w -> w.getWorkerId().equals(workerId) && w.getState() == state, 1, Duration.ofSeconds(60));
        assertEquals(1, seen.size(), "worker " + workerId + " reported " + state);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
