package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.RunCounts;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.serde.AvroClassTrust;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lines and tables the terminal tools print. */
class EventFormatTest {

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install();
    }

    @Test
    void theLeaderboardShowsValidationAccuracyOnceWhenItIsTheMetric() {
        String table = EventFormat.leaderboard(top(2, "val_accuracy"));

        List<String> header = words(table.lines().findFirst().orElseThrow());
        assertEquals(List.of("rank", "run", "val_accuracy", "test", "acc", "config"), header);
        String row = table.lines().skip(1).findFirst().orElseThrow();
        assertEquals(1, count(row, "0.8990"), "the run's val accuracy, once: " + row);
        assertEquals(1, count(row, "0.8890"), "its test accuracy: " + row);
    }

    @Test
    void theLeaderboardShowsTestAccuracyOnceWhenItIsTheMetric() {
        SweepSummary s = top(1, "test_accuracy");
        s.getLeaderboard().get(0).setMetricValue(s.getLeaderboard().get(0).getTestAccuracy());

        String table = EventFormat.leaderboard(s);

        assertEquals(List.of("rank", "run", "test_accuracy", "val", "acc", "config"), words(table.lines().findFirst().orElseThrow()));
        assertEquals(1, count(table, "0.8890"), table);
    }

    @Test
    void theLeaderboardShowsBothAccuraciesBesideAnotherMetric() {
        String table = EventFormat.leaderboard(top(1, "val_loss"));

        assertEquals(List.of("rank", "run", "val_loss", "val", "acc", "test", "acc", "config"), words(table.lines().findFirst().orElseThrow()));
    }

    @Test
    void aSummaryCountsDoneRunsAgainstTheSweepsSize() {
        SweepSummary s = SampleEvents.minimalSweepSummary();
        s.setCounts(RunCounts.newBuilder().setRequested(2).setFinished(2).setTotal(4).build());

        assertTrue(EventFormat.summary(s).contains(": 2/4 done, 0 running"), EventFormat.summary(s));
    }

    @Test
    void runsStoppedByEarlyTerminationAreCountedApartFromRunsStoppedByHand() {
        SweepSummary s = SampleEvents.minimalSweepSummary();
        s.setCounts(RunCounts.newBuilder().setRequested(6).setFinished(2).setStoppedEarly(3).setStopped(1).setTotal(6).build());

        assertTrue(EventFormat.summary(s).contains(": 6/6 done, 0 running (finished 2, stopped early 3, stopped 1, diverged 0, failed 0)"),
                EventFormat.summary(s));
        s.setCounts(RunCounts.newBuilder().setRequested(2).setFinished(1).setStopped(1).setTotal(2).build());
        assertTrue(EventFormat.summary(s).contains("(finished 1, stopped 1, diverged 0"), "no early count without early stops: " + EventFormat.summary(s));
    }

    @Test
    void aSummaryWithoutTheSweepsSizeSaysWhatItKnows() {
        SweepSummary s = SampleEvents.minimalSweepSummary();
        s.setCounts(RunCounts.newBuilder().setRequested(2).setFinished(2).build());

        assertTrue(EventFormat.summary(s).contains(": 2 done of 2 requested so far, 0 running"), EventFormat.summary(s));
        assertFalse(EventFormat.summary(s).contains("2/2"), "not a total");
    }

    @Test
    void aSweepWaitingForAControllerSaysWhichCommandStartsOne() {
        SweepDefinition d = SweepDefinition.newBuilder(SampleEvents.fullSweepDefinition())
                .setSweepId("quick-ab12cd").setName("quick").setTotalRuns(4).build();

        String line = EventFormat.waitingForController(d, 0, "sweep controller --bootstrap localhost:9092");

        assertTrue(line.endsWith(" sweep quick-ab12cd \"quick\" waiting for a controller "
                + "(start: sweep controller --bootstrap localhost:9092): 0/4 done"), line);
    }

    @Test
    void aSweepWithoutASummaryStillShowsItsProgressAgainstItsSize() {
        SweepDefinition d = SweepDefinition.newBuilder(SampleEvents.fullSweepDefinition())
                .setSweepId("quick-ab12cd").setName("quick").setTotalRuns(4).build();

        assertTrue(EventFormat.unsummarized(d, 1).endsWith(" sweep quick-ab12cd \"quick\" ACTIVE: 1/4 done "
                + "(no summary yet: is a 'sweep evaluator' running?)"), EventFormat.unsummarized(d, 1));
    }

    @Test
    void aFollowupRunStandsBesideTheOriginalRunOfTheSameConfigurationInRunOrder() {
        SweepSummary original = top(3, "val_accuracy");
        for (int i = 0; i < 3; i++) {
            original.getLeaderboard().get(i).getHyperparameters().setHiddenSize(32 << i); // three configurations
        }
        SweepSummary followup = top(2, "val_accuracy");
        followup.setLeaderboard(List.of(
                entry(followup, 0, "fu-followup-mnist-r0001", 128, 0.97),   // ranked first, repeats the original's third
                entry(followup, 1, "fu-followup-mnist-r0000", 32, 0.95)));  // repeats the original's best

        List<String> lines = EventFormat.sideBySide(original, "fashion_mnist", followup, "mnist").lines().toList();

        assertEquals(List.of("on", "fashion_mnist", "val_accuracy", "test", "acc", "|", "on", "mnist", "val_accuracy", "test", "acc"), words(lines.get(0)));
        assertEquals(List.of("sweep-0001-run-0001", "0.8990", "0.8890", "|", "fu-followup-mnist-r0000", "0.9500", "0.8880"), words(lines.get(1)));
        assertEquals(List.of("sweep-0001-run-0003", "0.8970", "0.8870", "|", "fu-followup-mnist-r0001", "0.9700", "0.8890"), words(lines.get(2)));
        assertEquals(3, lines.size());
    }

    private static io.sweepstream.schemas.avro.LeaderboardEntry entry(SweepSummary s, int i, String runId, int hiddenSize, double metric) {
        io.sweepstream.schemas.avro.LeaderboardEntry e = io.sweepstream.schemas.avro.LeaderboardEntry.newBuilder(s.getLeaderboard().get(i))
                .setRunId(runId).setMetricValue(metric).build();
        e.getHyperparameters().setHiddenSize(hiddenSize);
        return e;
    }

    private static SweepSummary top(int n, String metric) {
        SweepSummary s = SampleEvents.fullSweepSummary();
        s.setMetricName(metric);
        s.setLeaderboard(s.getLeaderboard().subList(0, n));
        return s;
    }

    private static List<String> words(String line) {
        return List.of(line.trim().split("\\s+"));
    }

    private static int count(String text, String word) {
        return text.split(Pattern.quote(word), -1).length - 1;
    }

    @Test
    void aWorkerThatHasTakenARunButNotYetTrainedABatchIsStartingNotAtEpochZero() {
        WorkerStatus taken = WorkerStatus.newBuilder(SampleEvents.fullWorkerStatus()).setRunId("sw-r0001").setAttempt(2)
                .setEpoch(0).setProgress(0).build();
        WorkerStatus training = WorkerStatus.newBuilder(taken).setEpoch(1).setProgress(0.5).build();

        assertTrue(EventFormat.worker(taken).contains(" sw-r0001 #2 starting"), EventFormat.worker(taken));
        assertTrue(EventFormat.worker(training).contains(" sw-r0001 #2 epoch 1/"), EventFormat.worker(training));
    }
}
