package io.sweepstream.cli.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.sweepstream.cli.SweepProcesses;
import io.sweepstream.cli.SweepProcesses.Role;
import io.sweepstream.producer.kafka.SweepController;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.topic.TopicReader;
import io.sweepstream.schemas.topic.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 1: a 40-run sweep through 3 trainer JVMs while a killer SIGKILLs a random trainer every 2-4 s
 * and starts a new one. Every run ends with exactly one result, no run is left running, and the
 * evaluator's summary equals the one of the same sweep (same spec, same seed) run undisturbed first on
 * the same trainers: training is deterministic per seed, so a run retried from epoch 0 ends the same.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS) // the processes are killed on timeout too
class TrainerKillFaultIntegrationTest {

    private static final int RUNS = 40;
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration SWEEP = Duration.ofSeconds(120);
    // 5 x 4 x 2 = 40 runs, 2 epochs each on 800 synthetic images: about a second each on an idle machine
    private static final String SPEC = """
            name: kills
            method: grid
            dataset: mnist
            seed: 7
            parameters:
              epochs: {value: 2}
              num_layers: {value: 1}
              batch_size: {value: 64}
              learning_rate: {values: [0.1, 0.03, 0.01, 0.003, 0.001]}
              hidden_size: {values: [4, 8, 12, 16]}
              optimizer: {values: [adam, sgd]}
            """;
    private static final Pattern TRAINING = Pattern.compile("\\S+ run \\S+ started \\(attempt [12]\\).*");
    private static final int MAX_KILLS = 8;
    private static final Duration MIN_KILL_INTERVAL = Duration.ofSeconds(2);

    @TempDir
    Path tmp;

    private final StringBuilder events = new StringBuilder();

    @Test
    void killedTrainersCostNoRunNoDuplicateAndNoChangeInTheSummary() throws Exception {
        Path dataDir = SweepProcesses.writeSyntheticData(tmp.resolve("data"), 800);
        try (SweepProcesses roles = new SweepProcesses(tmp)) {
            String bootstrap = roles.startBroker(tmp.resolve("kafka"), STARTUP);
            List<String> live = new ArrayList<>(List.of("t1", "t2", "t3"));
            roles.startCluster(bootstrap, dataDir, SweepProcesses.DEFAULT_HEAP, live, STARTUP, Role.EVALUATOR);

            long t0 = System.nanoTime();
            SweepController.submit(bootstrap, SpecParser.parse(SPEC), "calm");
            SweepSummary calm = awaitFinalSummary(bootstrap, "calm", roles);
            events.append("calm sweep done after ").append((System.nanoTime() - t0) / 1_000_000).append(" ms\n");

            SweepController.submit(bootstrap, SpecParser.parse(SPEC), "chaos");
            // The killer: at most every 2 s, SIGKILL a trainer that is training a run and start a fresh one, at
            // most MAX_KILLS times. It spares a run on its 3rd attempt (the queue fails a run on its 5th delivery,
            // a guarantee of its own) and keeps two trainers up, so the sweep still moves. It looks often (every
            // 0.5-1.5 s), so that a fast machine, whose sweep is short, still gets several kills.
            Random random = new Random(14);
            int kills = 0;
            long lastKill = 0;
            long deadline = System.nanoTime() + SWEEP.toNanos();
            int done;
            while ((done = resultsOf(bootstrap, "chaos", Duration.ofMillis(500 + random.nextInt(1000)))) < RUNS) {
                events.append((System.nanoTime() - t0) / 1_000_000).append(" ms: ").append(done).append(" results, live ").append(live).append('\n');
                assertTrue(System.nanoTime() < deadline, "chaos sweep not done within " + SWEEP + "\n" + events + roles.logs());
                if (kills == MAX_KILLS || System.nanoTime() - lastKill < MIN_KILL_INTERVAL.toNanos()
                        || live.stream().filter(t -> roles.logContains(t, "waiting for runs")).count() < 2) {
                    continue;
                }
                List<String> training = live.stream().filter(t -> lastLineMatches(roles, t, TRAINING)).toList();
                if (training.isEmpty()) {
                    continue;
                }
                String victim = training.get(random.nextInt(training.size()));
                roles.kill(victim);
                lastKill = System.nanoTime();
                live.remove(victim);
                kills++;
                String fresh = "t" + (3 + kills);
                roles.startTrainer(fresh, SweepProcesses.DEFAULT_HEAP, bootstrap, dataDir);
                live.add(fresh);
                events.append("killed ").append(victim).append(", started ").append(fresh).append('\n');
            }
            SweepSummary chaos = awaitFinalSummary(bootstrap, "chaos", roles);

            FaultTally tally = FaultTally.count(bootstrap, "1 (trainers killed -9)", kills, "chaos"::equals, Duration.ofSeconds(3)).report();
            assertEquals(RUNS, tally.requested());
            assertEquals(0, chaos.getCounts().getRunning(), "the evaluator counts no run as running");
            assertEquals(0, tally.lost(), tally.perRun()::toString);
            assertEquals(0, tally.duplicated(), tally.perRun()::toString);

            // Retried runs train again from epoch 0 with the same seed: the same numbers as undisturbed.
            Map<String, String> calmRuns = outcomes(bootstrap, "calm");
            Map<String, String> chaosRuns = outcomes(bootstrap, "chaos");
            assertEquals(calmRuns, chaosRuns, "each run's result, disturbed or not");
            assertEquals(normalized(calm, "calm"), normalized(chaos, "chaos"), "the evaluator's summary, disturbed or not");

            // No run left running: every live trainer is back to IDLE (the killed ones' last words are theirs; the
            // views judge them by their silence).
            awaitIdle(bootstrap, live, roles);
            assertTrue(kills >= 2, "the killer struck during the sweep: " + kills + "\n" + events);
        }
    }

    private static boolean lastLineMatches(SweepProcesses roles, String name, Pattern line) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(roles.log(name));
            return !lines.isEmpty() && line.matcher(lines.get(lines.size() - 1)).matches();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static int resultsOf(String bootstrap, String sweepId, Duration wait) throws InterruptedException {
        Thread.sleep(wait.toMillis()); // the killer's pace, not a wait for a condition
        return TopicReader.read(bootstrap, Topics.RUNS_RESULTS, r -> r.getSweepId().equals(sweepId), RUNS, Duration.ofSeconds(1)).size();
    }

    private static SweepSummary awaitFinalSummary(String bootstrap, String sweepId, SweepProcesses roles) {
        List<SweepSummary> s = TopicReader.read(bootstrap, Topics.SWEEPS_SUMMARY,
                x -> x.getSweepId().equals(sweepId) && x.getCounts().getFinished() == RUNS, 1, SWEEP);
        assertEquals(1, s.size(), "the evaluator's summary of " + sweepId + " counts all " + RUNS + " runs\n" + roles.logs());
        return s.get(0);
    }

    /** Each run's result by its place in the sweep (the run id less the sweep id), as everything that does not depend on who trained it when. */
    private static Map<String, String> outcomes(String bootstrap, String sweepId) {
        Map<String, String> out = new HashMap<>();
        for (RunResult r : TopicReader.read(bootstrap, Topics.RUNS_RESULTS, x -> x.getSweepId().equals(sweepId), RUNS, Duration.ofSeconds(30))) {
            assertEquals(RunStatus.FINISHED, r.getStatus(), r::toString);
            out.put(r.getRunId().substring(sweepId.length()), r.getBestValAccuracy() + " " + r.getTestAccuracy() + " " + r.getTestLoss() + " " + r.getConfusionMatrix());
        }
        return out;
    }

    /** The summary's text with the sweep id and the time of writing taken out. */
    private static String normalized(SweepSummary s, String sweepId) {
        return s.toString().replace(sweepId + "-r", "RUN-r").replace("\"" + sweepId + "\"", "\"SWEEP\"")
                .replaceAll("\"updatedAtMs\": \\d+", "\"updatedAtMs\": 0");
    }

    private static void awaitIdle(String bootstrap, List<String> trainers, SweepProcesses roles) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        Map<String, WorkerState> latest = Map.of();
        while (System.nanoTime() < deadline) {
            latest = TopicReader.read(bootstrap, Topics.WORKERS_STATUS, w -> trainers.contains(w.getWorkerId()), Integer.MAX_VALUE, Duration.ofSeconds(2))
                    .stream().collect(Collectors.toMap(WorkerStatus::getWorkerId, WorkerStatus::getState, (a, b) -> b));
            if (latest.size() == trainers.size() && latest.values().stream().allMatch(s -> s == WorkerState.IDLE)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("live trainers not all IDLE: " + latest + "\n" + roles.logs());
    }
}
