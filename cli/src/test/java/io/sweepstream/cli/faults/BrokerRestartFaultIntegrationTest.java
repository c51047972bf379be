package io.sweepstream.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.sweepstream.cli.SweepProcesses;
import io.sweepstream.cli.SweepProcesses.Role;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2: the broker JVM stopped in the middle of a sweep and started again on the same data dir and
 * port, 10 s later, while trainer and evaluator JVMs keep running: the sweep completes, every run has
 * exactly one result, and the evaluator's summary counts them all.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS) // the processes are killed on timeout too
class BrokerRestartFaultIntegrationTest {

    private static final int RUNS = 8;
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SWEEP = Duration.ofSeconds(120);
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @Test
    void aSweepCompletesThroughABrokerRestartWithOneResultPerRun() throws Exception {
        Path dataDir = SweepProcesses.writeSyntheticData(tmp.resolve("data"), 1000);
        String port = String.valueOf(freePort());
        try (SweepProcesses roles = new SweepProcesses(tmp)) {
            String bootstrap = roles.startBroker(tmp.resolve("kafka"), port, STARTUP);
            roles.startCluster(bootstrap, dataDir, SweepProcesses.DEFAULT_HEAP, List.of("t1", "t2"), STARTUP, Role.EVALUATOR);

            SweepController.submit(bootstrap, SpecParser.parse("""
                    name: restart
                    method: grid
                    dataset: mnist
                    parameters:
                      epochs: {value: 2}
                      num_layers: {value: 1}
                      batch_size: {value: 32}
                      learning_rate: {values: [0.1, 0.03, 0.01, 0.003]}
                      optimizer: {values: [adam, sgd]}
                    """), "restart");
            List<RunResult> before = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals("restart"), 2, SWEEP);
            assertEquals(2, before.size(), "two runs ended before the outage\n" + roles.logs());

            Process broker = roles.get("broker");
            broker.destroy(); // stopped as an operator stops it (SIGTERM), runs training, queued and being written
            assertTrue(broker.waitFor(60, TimeUnit.SECONDS), "the broker did not stop\n" + roles.logs());
            Thread.sleep(OUTAGE.toMillis()); // the outage itself: the roles must ride it out
            assertEquals(bootstrap, roles.startBroker(tmp.resolve("kafka"), port, STARTUP), "the broker came back on the same address");

            List<RunResult> results = TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals("restart"), RUNS, SWEEP);
            assertEquals(RUNS, results.size(), "every run has a result after the restart\n" + roles.logs());
            List<SweepSummary> summary = TopicReader.read(bootstrap, Topics.SWEEPS_SUMMARY,
                    s -> s.getSweepId().equals("restart") && s.getCounts().getFinished() == RUNS, 1, SWEEP);
            assertEquals(1, summary.size(), "the evaluator's summary counts all " + RUNS + " runs\n" + roles.logs());

            FaultTally tally = FaultTally.count(bootstrap, "2 (broker stopped 10 s, restarted)", 1, "restart"::equals, Duration.ofSeconds(3)).report();
            assertEquals(RUNS, tally.requested());
            assertEquals(0, tally.lost(), tally.perRun()::toString);
            assertEquals(0, tally.duplicated(), tally.perRun()::toString);
            assertTrue(results.stream().allMatch(r -> r.getStatus() == RunStatus.FINISHED), "no run failed for the outage: " + results);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
