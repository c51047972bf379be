package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.sweepstream.dashboard.Dashboard;
import io.sweepstream.dashboard.metrics.MetricNames;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.data.IdxWriter;
import io.sweepstream.trainer.data.SyntheticDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roles as separate JVMs, the way {@code docker compose} runs them: {@code sweep broker}, two
 * {@code sweep trainer}, {@code sweep evaluator} and {@code sweep submit}, each its own process of the
 * {@code sweep} command, talking only through Kafka. They complete a sweep together: every run has
 * exactly one result, both trainers trained runs, the evaluator's summary counts them all; and the
 * dashboard's {@code /metrics} (in this JVM) ends with an empty queue and the evaluator caught up.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS) // measured: 72 s at a load average of 21 on 2 cores; the processes are killed on timeout too
class MultiProcessSweepIntegrationTest {

    private static final String SWEEP_ID = "multi";
    private static final int RUNS = 8;
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SWEEP = Duration.ofSeconds(90);

    @TempDir
    Path tmp;


    @Test
    void brokerTrainersEvaluatorAndSubmitInSeparateJvmsCompleteASweep() throws Exception {
        Path dataDir = tmp.resolve("data");
        IdxWriter.writeDirectory(dataDir, SyntheticDataset.blobs("train", 2000, 28, 28, 10, 1),
                SyntheticDataset.blobs("test", 200, 28, 28, 10, 2), true);
        Path spec = Files.writeString(tmp.resolve("multi.yaml"), """
                name: multi
                method: grid
                dataset: mnist
                parameters:
                  epochs: {value: 1}
                  num_layers: {value: 1}
                  batch_size: {value: 32}
                  optimizer: {values: [adam, sgd]}
                  learning_rate: {values: [0.01, 0.001]}
                  hidden_size: {values: [16, 32]}
                """);
        Dashboard dashboard = null;
        SweepProcesses roles = new SweepProcesses(tmp);
        try {
            String bootstrap = roles.startBroker(tmp.resolve("kafka"), STARTUP);

            for (String id : List.of("t1", "t2")) {
                roles.start(id, "trainer", "--id", id, "--bootstrap", bootstrap, "--data-dir", dataDir.toString());
            }
            roles.start("evaluator", "evaluator", "--bootstrap", bootstrap);
            roles.awaitTrainersInTheQueue(bootstrap, Set.of("t1", "t2"), STARTUP);

            Process submit = roles.start("submit", "submit", spec.toString(), "--sweep-id", SWEEP_ID, "--bootstrap", bootstrap);

            List<RunResult> results = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals(SWEEP_ID), RUNS, SWEEP);
            assertEquals(RUNS, results.size(), "results within " + SWEEP + "\n" + roles.logs());
            // submit publishes the runs, then estimates the sweep's time on this machine: it may end after the runs
            assertTrue(submit.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS), "submit did not end\n" + roles.logs());
            assertEquals(0, submit.exitValue(), roles.logs());
            // No second result arrives for any run.
            results = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals(SWEEP_ID), RUNS + 1, Duration.ofSeconds(3));
            Map<String, Long> perRun = new TreeMap<>(results.stream().collect(Collectors.groupingBy(RunResult::getRunId, Collectors.counting())));
            Set<String> expectedRuns = IntStream.range(0, RUNS).mapToObj(i -> String.format("%s-r%04d", SWEEP_ID, i))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expectedRuns, perRun.keySet(), "every run of the sweep has a result");
            assertTrue(perRun.values().stream().allMatch(n -> n == 1), "exactly one result per run: " + perRun);
            assertTrue(results.stream().allMatch(r -> r.getStatus() == RunStatus.FINISHED), results::toString);
            assertEquals(Set.of("t1", "t2"), results.stream().map(RunResult::getWorkerId).collect(Collectors.toSet()),
                    "both trainers took runs from the shared queue");

            List<SweepSummary> summary = TopicReader.read(bootstrap, Topics.SWEEPS_SUMMARY,
                    s -> s.getSweepId().equals(SWEEP_ID) && s.getCounts().getFinished() == RUNS, 1, SWEEP);
            assertEquals(1, summary.size(), "the evaluator's summary counts all " + RUNS + " runs\n" + roles.logs());
            assertEquals(RUNS, summary.get(0).getCounts().getRequested());

            // What an autoscaler sees once the sweep is done: nothing waiting or running, the evaluator caught up.
            dashboard = Dashboard.start(new Dashboard.Settings(bootstrap, "127.0.0.1", 0, null));
            awaitMetrics(dashboard.port(), Map.of(
                    MetricNames.QUEUE_RUNS_WAITING, 0.0,
                    MetricNames.QUEUE_RUNS_RUNNING, 0.0,
                    MetricNames.RUNS_ENDED + "{status=\"FINISHED\"}", (double) RUNS,
                    MetricNames.WORKERS + "{state=\"IDLE\"}", 2.0,
                    MetricNames.EVALUATOR_LAG_RECORDS + "{topic=\"runs.results\"}", 0.0,
                    MetricNames.EVALUATOR_LAG_RECORDS + "{topic=\"runs.metrics\"}", 0.0), SWEEP);
        } finally {
            if (dashboard != null) {
                dashboard.close();
            }
            roles.close();
        }
    }

    /** Scrapes the dashboard's {@code /metrics} until every series has its value. */
    private static void awaitMetrics(int port, Map<String, Double> expected, Duration timeout) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Double> seen = Map.of();
        while (System.nanoTime() < deadline) {
            String page = http.send(get, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            seen = new TreeMap<>();
            for (String series : expected.keySet()) {
                Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(page);
                if (m.find()) {
                    seen.put(series, Double.parseDouble(m.group(1)));
                }
            }
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(500);
        }
        assertEquals(new TreeMap<>(expected), seen, "/metrics within " + timeout);
    }

}
