package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.sweepstream.broker.KafkaBackend;
import io.sweepstream.broker.junit.KafkaExtension;
import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.client.KafkaConnection;
import io.sweepstream.schemas.command.SweepCommands;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.LoadedDataset;
import io.sweepstream.trainer.data.SyntheticDataset;
import io.sweepstream.trainer.kafka.TrainerWorker;
import io.sweepstream.trainer.kafka.WorkerSettings;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep pause|resume|cancel|extend} (and {@code stop --sweep}) against a real in-process broker. */
@ExtendWith(KafkaExtension.class)
class LifecycleCommandsIntegrationTest {

    private static final LoadedDataset TINY = new LoadedDataset(DatasetKind.FASHION_MNIST,
            SyntheticDataset.blobs("tiny-train", 200, 4, 4, 3, 11), SyntheticDataset.blobs("tiny-test", 40, 4, 4, 3, 12),
            Path.of("generated-in-memory"));
    private static final String RANDOM = """
            name: lifecycle
            method: random
            run_cap: 3
            seed: 3
            dataset: fashion_mnist
            parameters:
              epochs: {value: 1}
              batch_size: {value: 16}
              num_layers: {value: 1}
              hidden_size: {value: 8}
              learning_rate: {distribution: log_uniform_values, min: 1e-3, max: 1e-1}
            """;

    private static String servers;
    private static KafkaConnection kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void createTopics(KafkaBackend backend) {
        servers = backend.bootstrapServers();
        kafka = KafkaConnection.plaintext(servers);
        TopicSetup.createAll(servers, null);
    }

    @Test
    void anUnknownSweepOrABadRunCountIsOneLineAndExit2() throws Exception {
        for (String[] args : List.of(new String[] {"pause", "nope"}, new String[] {"resume", "nope"},
                new String[] {"cancel", "nope"}, new String[] {"extend", "nope", "--runs", "3"}, new String[] {"stop", "--sweep", "nope"})) {
            Cli.Result r = Cli.run(concat(args, "--bootstrap", servers));
            assertEquals(2, r.exitCode(), r::transcript);
            assertEquals(List.of("no sweep nope on " + servers), r.errLines().stream().map(l -> l.replaceFirst("^sweep [a-z]+: ", "")).toList(), r::transcript);
        }
        submit("lifecycle-args");
        Cli.Result zero = Cli.run("extend", "lifecycle-args", "--runs", "0", "--bootstrap", servers);
        assertEquals(2, zero.exitCode(), zero::transcript);
        assertEquals(1, zero.errLines().size(), zero::transcript);
        assertTrue(zero.err().contains("--runs must be a positive number of runs, found 0"), zero::transcript);
        Cli.Result missing = Cli.run("extend", "lifecycle-args", "--bootstrap", servers);
        assertEquals(2, missing.exitCode(), missing::transcript);
        assertTrue(missing.err().contains("--runs"), missing::transcript);
        assertFalse(Cli.hasStackTrace(zero.err() + missing.err()));
    }

    @Test
    void pauseResumeAndCancelPublishTheStatusAndTheCommand() throws Exception {
        submit("lifecycle-states");
        Cli.Result pause = Cli.run("pause", "lifecycle-states", "--bootstrap", servers);
        assertEquals(0, pause.exitCode(), pause::transcript);
        assertTrue(pause.out().startsWith("paused sweep lifecycle-states"), pause::transcript);
        assertEquals(SweepStatus.PAUSED, status("lifecycle-states"));

        Cli.Result resume = Cli.run("resume", "lifecycle-states", "--bootstrap", servers);
        assertEquals(0, resume.exitCode(), resume::transcript);
        assertEquals("resumed sweep lifecycle-states: 0 run(s) set aside while it was paused are queued again", resume.outLines().get(0));
        assertEquals(SweepStatus.ACTIVE, status("lifecycle-states"));

        Cli.Result cancel = Cli.run("cancel", "lifecycle-states", "--bootstrap", servers);
        assertEquals(0, cancel.exitCode(), cancel::transcript);
        assertEquals(SweepStatus.CANCELLED, status("lifecycle-states"));
        Cli.Result again = Cli.run("pause", "lifecycle-states", "--bootstrap", servers);
        assertEquals(2, again.exitCode(), again::transcript);
        assertEquals("sweep lifecycle-states was cancelled; it cannot be paused", again.errLines().get(0).replaceFirst("^sweep [a-z]+: ", ""));

        List<ControlType> controls = TopicReader.read(kafka, Topics.RUNS_CONTROL, c -> "lifecycle-states".equals(c.getSweepId()), 3,
                Duration.ofSeconds(20)).stream().map(Control::getType).toList();
        assertEquals(List.of(ControlType.PAUSE_SWEEP, ControlType.RESUME_SWEEP, ControlType.CANCEL_SWEEP), controls);

        // The older spelling still cancels.
        submit("lifecycle-stop");
        Cli.Result stop = Cli.run("stop", "--sweep", "lifecycle-stop", "--bootstrap", servers);
        assertEquals(0, stop.exitCode(), stop::transcript);
        assertEquals("cancelled sweep lifecycle-stop: its runs stop, queued ones are skipped", stop.outLines().get(0));
        assertEquals(SweepStatus.CANCELLED, status("lifecycle-stop"));
    }

    @Test
    void extendingAFinishedRandomSweepByTwentyGivesTwentyMoreResultsWithDistinctIndices() throws Exception {
        submit("lifecycle-more");
        try (TrainerWorker worker = new TrainerWorker(WorkerSettings.of(servers, "lifecycle-w"),
                new EngineRunExecutor(name -> TINY, new Trainer())).start()) {
            assertEquals(3, results("lifecycle-more", 3).size(), "the sweep as submitted");

            Cli.Result extend = Cli.run("extend", "lifecycle-more", "--runs", "20", "--bootstrap", servers);
            assertEquals(0, extend.exitCode(), extend::transcript);
            assertEquals("extended sweep lifecycle-more from 3 to 23 runs: published runs 3..22", extend.outLines().get(0));

            List<RunResult> results = results("lifecycle-more", 23);
            assertEquals(23, results.stream().map(RunResult::getRunId).distinct().count(), "23 runs, each with a result");
            results.forEach(r -> assertEquals(RunStatus.FINISHED, r.getStatus(), r.getRunId()));
            List<RunRequest> requests = TopicReader.read(kafka, Topics.RUNS_REQUESTED, q -> q.getSweepId().equals("lifecycle-more"),
                    24, Duration.ofSeconds(3));
            assertEquals(IntStream.range(0, 23).boxed().toList(), requests.stream().map(RunRequest::getRunIndex).sorted().toList(),
                    "indices 0..22, each once");
            assertEquals(23, requests.stream().map(q -> q.getHyperparameters().getLearningRate()).collect(Collectors.toSet()).size(),
                    "the new indices draw new configurations");
            assertEquals(null, worker.failure());
        }
        assertEquals(23, SweepCommands.latest(kafka, "lifecycle-more").orElseThrow().getTotalRuns());

        Path gridSpec = Files.writeString(dir.resolve("grid.yaml"), "name: g\nmethod: grid\nparameters:\n  hidden_size: {values: [8, 16]}\n");
        assertEquals(0, Cli.run("submit", gridSpec.toString(), "--sweep-id", "lifecycle-grid", "--bootstrap", servers).exitCode());
        Cli.Result full = Cli.run("extend", "lifecycle-grid", "--runs", "2", "--bootstrap", servers);
        assertEquals(2, full.exitCode(), full::transcript);
        assertEquals(List.of("grid sweep lifecycle-grid has all its 2 combinations already; a grid's size is fixed"),
                full.errLines().stream().map(l -> l.replaceFirst("^sweep [a-z]+: ", "")).toList(), full::transcript);
    }

    private void submit(String sweepId) throws Exception {
        Path spec = Files.writeString(dir.resolve(sweepId + ".yaml"), RANDOM);
        Cli.Result r = Cli.run("submit", spec.toString(), "--sweep-id", sweepId, "--bootstrap", servers);
        assertEquals(0, r.exitCode(), r::transcript);
    }

    private static SweepStatus status(String sweepId) {
        return SweepCommands.latest(kafka, sweepId).orElseThrow().getStatus();
    }

    private static List<RunResult> results(String sweepId, int count) {
        List<RunResult> found = TopicReader.read(kafka, Topics.RUNS_RESULTS, r -> r.getSweepId().equals(sweepId), count, Duration.ofSeconds(120));
        assertEquals(count, found.size(), () -> "results of " + sweepId + ": " + found.size());
        return found;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
