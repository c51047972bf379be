package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import io.sweepstream.schemas.topic.TrainerQueue;
import io.sweepstream.trainer.data.IdxWriter;
import io.sweepstream.trainer.data.SyntheticDataset;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ShareGroupDescription;
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

    private final Map<String, Process> processes = new LinkedHashMap<>();

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
        try {
            start("broker", "broker", "--port", "0", "--data-dir", tmp.resolve("kafka").toString());
            String bootstrap = awaitLine("broker", Pattern.compile("export SWEEP_BOOTSTRAP=(\\S+) .*"), STARTUP).group(1);

            for (String id : List.of("t1", "t2")) {
                start(id, "trainer", "--id", id, "--bootstrap", bootstrap, "--data-dir", dataDir.toString());
            }
            start("evaluator", "evaluator", "--bootstrap", bootstrap);
            awaitTrainersInTheQueue(bootstrap, Set.of("t1", "t2"));

            Process submit = start("submit", "submit", spec.toString(), "--sweep-id", SWEEP_ID, "--bootstrap", bootstrap);

            List<RunResult> results = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals(SWEEP_ID), RUNS, SWEEP);
            assertEquals(RUNS, results.size(), "results within " + SWEEP + "\n" + logs());
            // submit publishes the runs, then estimates the sweep's time on this machine: it may end after the runs
            assertTrue(submit.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS), "submit did not end\n" + logs());
            assertEquals(0, submit.exitValue(), logs());
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
            assertEquals(1, summary.size(), "the evaluator's summary counts all " + RUNS + " runs\n" + logs());
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
            stopAll();
        }
    }

    /** Starts {@code sweep ARGS} in its own JVM, its output to a file under the test's directory. */
    private Process start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                // the client JIT only: these JVMs live a minute, and five of them start at once on two cores
                "-XX:TieredStopAtLevel=1",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), SweepCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile());
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        processes.put(name, p);
        return p;
    }

    /** Both trainers are members of the share group with the queue assigned: a run submitted now can go to either. */
    private void awaitTrainersInTheQueue(String bootstrap, Set<String> trainers) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                int assigned = 0;
                try {
                    ShareGroupDescription g = admin.describeShareGroups(List.of(TrainerQueue.GROUP))
                            .describedGroups().get(TrainerQueue.GROUP).get(10, TimeUnit.SECONDS);
                    assigned = (int) g.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                } catch (java.util.concurrent.ExecutionException e) {
                    // the group does not exist until the first trainer joins
                }
                if (assigned == trainers.size() && trainers.stream().allMatch(t -> logContains(t, "waiting for runs"))) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the trainers did not join the queue within " + STARTUP + " (" + assigned + " assigned)\n" + logs());
                }
                Thread.sleep(250);
            }
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

    private Matcher awaitLine(String name, Pattern line, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : Files.readAllLines(log(name), StandardCharsets.UTF_8)) {
                Matcher m = line.matcher(l);
                if (m.matches()) {
                    return m;
                }
            }
            if (!processes.get(name).isAlive()) {
                throw new AssertionError(name + " ended before printing " + line + "\n" + logs());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no line " + line + " from " + name + " within " + timeout + "\n" + logs());
    }

    private boolean logContains(String name, String text) {
        try {
            return Files.readString(log(name), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private Path log(String name) {
        return tmp.resolve(name + ".log");
    }

    /** The last lines of every process's output, for a failure message. */
    private String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : processes.keySet()) {
            try {
                List<String> lines = Files.readAllLines(log(name), StandardCharsets.UTF_8);
                out.append("--- ").append(name).append(" (last 20 lines)\n");
                lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append("--- ").append(name).append(": no output (").append(e.getMessage()).append(")\n");
            }
        }
        return out.toString();
    }

    /** Kills the roles, then the broker (so they do not spend their last moments retrying), each within a bounded wait. */
    private void stopAll() throws InterruptedException {
        List<String> order = new ArrayList<>(processes.keySet());
        order.remove("broker");
        order.add("broker");
        for (String name : order) {
            Process p = processes.get(name);
            if (p != null) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
