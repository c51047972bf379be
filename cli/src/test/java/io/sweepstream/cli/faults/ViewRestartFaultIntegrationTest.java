package io.sweepstream.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sweepstream.cli.SweepProcesses;
import io.sweepstream.cli.SweepProcesses.Role;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3: the evaluator and the dashboard JVMs killed with SIGKILL once a sweep has ended, and
 * started again: they rebuild their views from the topics, so the evaluator's next summary of the sweep
 * equals its last one before the kill (but for the time it was written), and the dashboard's
 * {@code /api/sweeps/{id}/runs} answers the same JSON as before.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // the processes are killed on timeout too
@ExtendWith(SharedBroker.class)
class ViewRestartFaultIntegrationTest {

    /** This scenario's own trainer id (its sweep id, "views", is its own too): it shares its broker with other scenarios. */
    private static final String TRAINER = "views-t1";
    private static final int RUNS = 4;
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void anEvaluatorAndADashboardKilledAndRestartedShowTheSameViews(SharedBroker.Broker broker) throws Exception {
        Path dataDir = SweepProcesses.writeSyntheticData(tmp.resolve("data"), 1000);
        try (SweepProcesses roles = new SweepProcesses(tmp)) {
            String bootstrap = broker.bootstrap();
            roles.startCluster(bootstrap, dataDir, SweepProcesses.DEFAULT_HEAP, List.of(TRAINER), STARTUP, Role.EVALUATOR, Role.DASHBOARD);
            String dashboard = roles.dashboardAddress(0, STARTUP);

            SweepController.submit(bootstrap, SpecParser.parse("""
                    name: views
                    method: grid
                    dataset: mnist
                    parameters:
                      epochs: {value: 1}
                      batch_size: {value: 32}
                      learning_rate: {values: [0.03, 0.01]}
                      optimizer: {values: [adam, sgd]}
                    """), "views");
            List<SweepSummary> done = TopicReader.read(bootstrap, Topics.SWEEPS_SUMMARY,
                    s -> s.getSweepId().equals("views") && s.getCounts().getFinished() == RUNS, 1, WAIT);
            assertEquals(1, done.size(), "the evaluator's summary counts all runs\n" + roles.logs());
            String runsBefore = awaitRuns(dashboard, RUNS, roles);
            List<SweepSummary> before = summaries(bootstrap);

            roles.kill("evaluator");
            roles.kill("dashboard");
            int dashboardLines = java.nio.file.Files.readAllLines(roles.log("dashboard")).size();
            roles.start("evaluator", "evaluator", "--bootstrap", bootstrap);
            roles.start("dashboard", "dashboard", "--port", "0", "--bootstrap", bootstrap);
            String restarted = roles.dashboardAddress(dashboardLines, STARTUP);

            assertEquals(runsBefore, awaitRuns(restarted, RUNS, roles), "the dashboard's runs of the sweep, before and after its restart");
            // The restarted evaluator replays the topics, then publishes what it rebuilt.
            List<SweepSummary> after = TopicReader.read(bootstrap, Topics.SWEEPS_SUMMARY, s -> s.getSweepId().equals("views"),
                    before.size() + 1, WAIT);
            assertTrue(after.size() > before.size(), "the restarted evaluator published its rebuilt summary\n" + roles.logs());
            assertEquals(normalized(before.get(before.size() - 1)), normalized(after.get(after.size() - 1)),
                    "the evaluator's summary, before and after its restart");

            FaultTally tally = FaultTally.count(bootstrap, "3 (evaluator and dashboard killed -9, restarted)", 2,
                    "views"::equals, Duration.ofSeconds(3)).report();
            assertEquals(RUNS, tally.requested());
            assertEquals(0, tally.lost(), tally.perRun()::toString);
            assertEquals(0, tally.duplicated(), tally.perRun()::toString);
        }
    }

    private static List<SweepSummary> summaries(String bootstrap) {
        return TopicReader.read(bootstrap, Topics.SWEEPS_SUMMARY, s -> s.getSweepId().equals("views"), Integer.MAX_VALUE, Duration.ofSeconds(3));
    }

    private static String normalized(SweepSummary s) {
        return s.toString().replaceAll("\"updatedAtMs\": \\d+", "\"updatedAtMs\": 0");
    }

    /** The dashboard's runs of the sweep once it shows them all ended. */
    private static String awaitRuns(String dashboard, int runs, SweepProcesses roles) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(dashboard + "/api/sweeps/views/runs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            body = r.body();
            if (r.statusCode() == 200 && body.split("\"status\":\"FINISHED\"", -1).length - 1 == runs) {
                return body;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the dashboard did not show " + runs + " finished runs: " + body + "\n" + roles.logs());
    }
}
