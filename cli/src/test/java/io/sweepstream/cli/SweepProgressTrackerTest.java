package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.serde.AvroClassTrust;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Progress counts from scripted event sequences, no Kafka: each test replays an order in which a watcher can
 * read heartbeats and results (different topics and partitions, so either can come first) and checks that
 * the counts never go backwards. Counts read as done/running/queued.
 */
class SweepProgressTrackerTest {

    private static final String SWEEP = "quick";
    private final SweepProgressTracker tracker = new SweepProgressTracker(SWEEP, 4);

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install();
    }

    @Test
    void trainersThatGoIdleBeforeTheirResultsAreReadKeepTheirRunsRunning() {
        // Seen in sweep local: "0/4 done, 2 running, 2 queued", then "0/4 done, 0 running, 4 queued", then "2/4 done".
        tracker.onHeartbeat(training("local-1", "quick-r0", 1_000));
        tracker.onHeartbeat(training("local-2", "quick-r1", 1_000));
        assertEquals("0/2/2", counts(1_100));

        tracker.onHeartbeat(idle("local-1", 5_000)); // written after the result, read before it
        tracker.onHeartbeat(idle("local-2", 5_000));
        assertEquals("0/2/2", counts(5_100));

        tracker.onResult(result("quick-r0", RunStatus.FINISHED));
        tracker.onResult(result("quick-r1", RunStatus.FINISHED));
        assertEquals("2/0/2", counts(5_200));
    }

    @Test
    void aLongRunStaysRunningWhileItsTrainerSaysSoEvenWhenItsHeartbeatsComeLate() {
        // Seen: a 100,000-epoch run went from "1 running" to "1 queued" while it trained.
        for (long t = 0; t <= 600_000; t += 2_000) {
            tracker.onHeartbeat(training("local-1", "quick-r0", t));
            assertEquals("0/1/3", counts(t + 12_000), "at " + t + " ms, read 12 s late");
        }
    }

    @Test
    void theTotalIsTheSweepsSizeFromTheStartNotTheRunsPublishedSoFar() {
        assertEquals(new ProgressCounts(4, 0, 0, 4, 0, 0), tracker.counts(0));
        tracker.onResult(result("quick-r0", RunStatus.FINISHED));
        tracker.onResult(result("quick-r1", RunStatus.FINISHED));
        assertEquals("2/0/2", counts(1_000), "2/4 done, never 2/2");
    }

    @Test
    void aRunWithTwoResultsCountsOnceByItsLastResult() {
        tracker.onResult(result("quick-r0", RunStatus.FAILED));
        tracker.onResult(result("quick-r0", RunStatus.FINISHED));

        assertEquals(new ProgressCounts(4, 1, 0, 3, 0, 0), tracker.counts(0));
    }

    @Test
    void divergedAndFailedRunsAreDoneAndCountedApart() {
        tracker.onResult(result("quick-r0", RunStatus.DIVERGED));
        tracker.onResult(result("quick-r1", RunStatus.FAILED));
        tracker.onResult(result("quick-r2", RunStatus.FINISHED));

        assertEquals(new ProgressCounts(4, 3, 0, 1, 1, 1), tracker.counts(0));
    }

    @Test
    void aRunReleasedWithoutAResultGoesBackToTheQueueOnceTheGraceHasPassed() {
        tracker.onHeartbeat(training("local-1", "quick-r0", 1_000));
        tracker.onHeartbeat(idle("local-1", 2_000)); // Ctrl-C on that trainer, or it lost the run

        assertEquals("0/1/3", counts(2_000 + 100));
        assertEquals("0/0/4", counts(1_000 + SweepProgressTracker.RELEASE_GRACE_MS));
    }

    @Test
    void theRunOfAKilledTrainerIsNoLongerRunningOnceItsLastHeartbeatIsOld() {
        tracker.onHeartbeat(training("local-1", "quick-r0", 1_000)); // then kill -9: no more heartbeats

        assertEquals("0/1/3", counts(1_000 + EventFormat.SILENT_AFTER_SECONDS * 1000 - 1));
        assertEquals("0/0/4", counts(1_000 + EventFormat.SILENT_AFTER_SECONDS * 1000));
        tracker.onHeartbeat(training("local-2", "quick-r0", 20_000)); // attempt 2 elsewhere
        assertEquals("0/1/3", counts(20_100));
    }

    @Test
    void aRunSeenTrainingAfterItsResultWasReadStaysDone() {
        tracker.onResult(result("quick-r0", RunStatus.FINISHED));
        tracker.onHeartbeat(training("local-1", "quick-r0", 1_000)); // a stale beat from another partition

        assertEquals("1/0/3", counts(1_100));
        assertEquals(List.of(), tracker.training(1_100));
    }

    @Test
    void anOlderHeartbeatReadLateDoesNotUndoANewerOne() {
        tracker.onHeartbeat(training("local-1", "quick-r1", 5_000));
        tracker.onHeartbeat(training("local-1", "quick-r0", 3_000));

        assertEquals(List.of("quick-r1"), tracker.training(5_100).stream().map(WorkerStatus::getRunId).toList());
    }

    @Test
    void otherSweepsAreNotCounted() {
        tracker.onHeartbeat(WorkerStatus.newBuilder(training("local-1", "other-r0", 1_000)).setSweepId("other").build());
        tracker.onResult(RunResult.newBuilder(result("other-r1", RunStatus.FINISHED)).setSweepId("other").build());

        assertEquals("0/0/4", counts(1_100));
    }

    @Test
    void countsNeverGoBackwardsHoweverTheTwoTopicsInterleave() {
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            SweepProgressTracker t = new SweepProgressTracker(SWEEP, 4);
            // Each stream (a trainer's heartbeats, a partition of results) stays in order; streams interleave at random.
            List<List<Object>> left = new ArrayList<>();
            sweepOfFourRunsOnTwoTrainers().forEach(s -> left.add(new ArrayList<>(s)));
            ProgressCounts before = t.counts(READ_AT_MS);
            while (left.stream().anyMatch(s -> !s.isEmpty())) {
                List<List<Object>> open = left.stream().filter(s -> !s.isEmpty()).toList();
                Object event = open.get(random.nextInt(open.size())).remove(0);
                if (event instanceof WorkerStatus w) {
                    t.onHeartbeat(w);
                } else {
                    t.onResult((RunResult) event);
                }
                ProgressCounts after = t.counts(READ_AT_MS);
                String at = "trial " + trial + " after " + describe(event) + ": " + before + " -> " + after;
                assertTrue(after.done() >= before.done(), at);
                assertTrue(after.queued() <= before.queued(), at);
                before = after;
            }
            assertEquals(new ProgressCounts(4, 4, 0, 0, 0, 0), before);
        }
    }

    /** When the watcher reads: after every event below was stamped, within a heartbeat's life. */
    private static final long READ_AT_MS = 3_100;

    /** Two trainers, two runs each: a beat when a run starts, the result, an idle beat; results on two partitions. */
    private static List<List<Object>> sweepOfFourRunsOnTwoTrainers() {
        return List.of(
                List.of(training("t1", "quick-r0", 1_000), idle("t1", 2_000), training("t1", "quick-r2", 2_100), idle("t1", 3_000)),
                List.of(training("t2", "quick-r1", 1_000), idle("t2", 2_000), training("t2", "quick-r3", 2_100), idle("t2", 3_000)),
                List.of(result("quick-r0", RunStatus.FINISHED), result("quick-r2", RunStatus.FINISHED)),
                List.of(result("quick-r1", RunStatus.FINISHED), result("quick-r3", RunStatus.FINISHED)));
    }

    private static String describe(Object event) {
        return event instanceof WorkerStatus w ? w.getWorkerId() + " " + w.getState() + " " + w.getRunId() : "result " + ((RunResult) event).getRunId();
    }

    private String counts(long nowMs) {
        ProgressCounts c = tracker.counts(nowMs);
        return c.done() + "/" + c.running() + "/" + c.queued();
    }

    private static WorkerStatus training(String worker, String runId, long atMs) {
        return WorkerStatus.newBuilder().setWorkerId(worker).setHost("h").setState(WorkerState.TRAINING)
                .setSweepId(SWEEP).setRunId(runId).setAttempt(1).setEpoch(1).setEpochs(1).setProgress(0.5)
                .setHeartbeatAtMs(atMs).setStartedAtMs(0).build();
    }

    private static WorkerStatus idle(String worker, long atMs) {
        return WorkerStatus.newBuilder().setWorkerId(worker).setHost("h").setState(WorkerState.IDLE)
                .setHeartbeatAtMs(atMs).setStartedAtMs(0).build();
    }

    private static RunResult result(String runId, RunStatus status) {
        return RunResult.newBuilder(SampleEvents.fullRunResult()).setSweepId(SWEEP).setRunId(runId).setStatus(status)
                .setError(null).setDivergedAtEpoch(null).setDivergedAtBatch(null).build();
    }
}
