package io.sweepstream.evaluator.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.MetricGoal;
import io.sweepstream.schemas.avro.OptimizerKind;
import io.sweepstream.schemas.avro.ParameterBest;
import io.sweepstream.schemas.avro.ParameterImportance;
import io.sweepstream.schemas.avro.ParameterKind;
import io.sweepstream.schemas.avro.ParameterSpec;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SweepAggregatorTest {

    @BeforeAll
    static void trustOurRecords() {
        // These tests copy records (newBuilder(other)), which goes through Avro's class check
        // before any serde has installed our trust.
        AvroClassTrust.install();
    }

    private final SweepAggregator aggregator = new SweepAggregator(3);

    @Test
    void ranksFinishedRunsByTheSweepMetricAndLeavesFailedOnesOut() {
        aggregator.onDefinition(definition("val_accuracy", MetricGoal.MAXIMIZE, 5));
        aggregator.onResult(result("r1", RunStatus.FINISHED, 0.80, 0.40, OptimizerKind.ADAM));
        aggregator.onResult(result("r2", RunStatus.FINISHED, 0.90, 0.30, OptimizerKind.SGD));
        aggregator.onResult(result("r3", RunStatus.DIVERGED, 0.95, 0.20, OptimizerKind.SGD));
        aggregator.onResult(result("r4", RunStatus.STOPPED, 0.85, 0.35, OptimizerKind.ADAM));
        aggregator.onResult(result("r5", RunStatus.FAILED, 0.99, 0.10, OptimizerKind.NAG));

        SweepSummary s = aggregator.summary("sw");

        assertEquals(List.of("r2", "r4", "r1"), runIds(s), "diverged and failed runs are not ranked");
        assertEquals(0.90, s.getBest().getMetricValue());
        assertEquals(List.of(1, 2, 3), s.getLeaderboard().stream().map(e -> e.getRank()).collect(Collectors.toList()));
        assertEquals(2, s.getCounts().getFinished());
        assertEquals(1, s.getCounts().getStopped());
        assertEquals(1, s.getCounts().getDiverged());
        assertEquals(1, s.getCounts().getFailed());
        assertEquals(SweepStatus.FINISHED, s.getStatus(), "five results of five runs");
    }

    @Test
    void aMinimisedMetricRanksTheLowestFirst() {
        aggregator.onDefinition(definition("val_loss", MetricGoal.MINIMIZE, 3));
        aggregator.onResult(result("a", RunStatus.FINISHED, 0.80, 0.40, OptimizerKind.ADAM));
        aggregator.onResult(result("b", RunStatus.FINISHED, 0.70, 0.25, OptimizerKind.ADAM));
        aggregator.onResult(result("c", RunStatus.FINISHED, 0.90, 0.30, OptimizerKind.ADAM));

        assertEquals(List.of("b", "c", "a"), runIds(aggregator.summary("sw")));
    }

    @Test
    void aRunWithTwoResultsCountsOnceAndShowsTheLaterOne() {
        aggregator.onDefinition(definition("val_accuracy", MetricGoal.MAXIMIZE, 2));
        aggregator.onResult(result("r1", RunStatus.FINISHED, 0.80, 0.40, OptimizerKind.ADAM));
        aggregator.onResult(result("r1", RunStatus.FINISHED, 0.99, 0.10, OptimizerKind.SGD));

        SweepSummary s = aggregator.summary("sw");

        assertEquals(1, s.getCounts().getFinished());
        assertEquals(1, s.getCounts().getRequested());
        assertEquals(List.of("r1"), runIds(s), "one leaderboard row for the run");
        assertEquals(0.99, s.getBest().getMetricValue(), "the last result on the topic is the run's result");
        assertEquals(List.of("sgd"), s.getBestPerParameterValue().stream().map(ParameterBest::getValue).collect(Collectors.toList()));
        assertEquals(SweepStatus.ACTIVE, s.getStatus(), "one of two runs is done");
    }

    @Test
    void aLaterResultOfARunReplacesItsStatusInTheCounts() {
        aggregator.onDefinition(definition("val_accuracy", MetricGoal.MAXIMIZE, 1));
        aggregator.onResult(result("r1", RunStatus.FAILED, 0.10, 2.0, OptimizerKind.ADAM));
        aggregator.onResult(result("r1", RunStatus.FINISHED, 0.85, 0.3, OptimizerKind.ADAM));

        SweepSummary s = aggregator.summary("sw");

        assertEquals(0, s.getCounts().getFailed());
        assertEquals(1, s.getCounts().getFinished());
        assertEquals("r1", s.getBest().getRunId());
        assertEquals(SweepStatus.FINISHED, s.getStatus());
    }

    @Test
    void anAggregatorReplayedFromTheCompactedTopicEqualsTheLiveOne() {
        SweepAggregator live = new SweepAggregator(3);
        live.onDefinition(definition("val_accuracy", MetricGoal.MAXIMIZE, 3));
        live.onResult(result("r1", RunStatus.FINISHED, 0.80, 0.40, OptimizerKind.ADAM, 100));
        live.onResult(result("r2", RunStatus.FINISHED, 0.70, 0.40, OptimizerKind.SGD, 200));
        live.summary("sw"); // the live view published in between
        live.onResult(result("r1", RunStatus.FINISHED, 0.60, 0.50, OptimizerKind.ADAM, 300));

        // Compaction keeps each run's last result only.
        SweepAggregator replayed = new SweepAggregator(3);
        replayed.onDefinition(definition("val_accuracy", MetricGoal.MAXIMIZE, 3));
        replayed.onResult(result("r2", RunStatus.FINISHED, 0.70, 0.40, OptimizerKind.SGD, 200));
        replayed.onResult(result("r1", RunStatus.FINISHED, 0.60, 0.50, OptimizerKind.ADAM, 300));

        assertEquals(replayed.summary("sw"), live.summary("sw"));
        assertEquals(List.of("r2", "r1"), runIds(live.summary("sw")));
    }

    @Test
    void rejectsADefinitionWithAnUnknownMetricAndKeepsNoSweepForIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> aggregator.onDefinition(definition("f1_score", MetricGoal.MAXIMIZE, 1)));

        assertTrue(e.getMessage().contains("f1_score"), e.getMessage());
        assertNull(aggregator.summary("sw"));
    }

    @Test
    void countsRunsWithMetricsButNoResultAsRunningAndRequestsAsRequested() {
        aggregator.onDefinition(definition("val_accuracy", MetricGoal.MAXIMIZE, 3));
        for (String id : List.of("r1", "r2", "r3")) {
            aggregator.onRequest(RunRequest.newBuilder(SampleEvents.fullRunRequest()).setSweepId("sw").setRunId(id).build());
        }
        aggregator.onMetric(metric("r1", 1, 1));
        aggregator.onMetric(metric("r2", 1, 1));
        aggregator.onResult(result("r2", RunStatus.FINISHED, 0.8, 0.4, OptimizerKind.ADAM));

        SweepSummary s = aggregator.summary("sw");

        assertEquals(3, s.getCounts().getRequested());
        assertEquals(1, s.getCounts().getRunning());
        assertEquals(1, s.getCounts().getFinished());
    }

    @Test
    void theTotalIsTheSweepsSizeNotTheRunsRequestedSoFar() {
        aggregator.onDefinition(definition("val_accuracy", MetricGoal.MAXIMIZE, 4));
        List<Integer> totals = new ArrayList<>();
        // A paced sweep: the controller publishes two runs, then two more as the first ones end.
        for (String id : List.of("r1", "r2")) {
            aggregator.onRequest(RunRequest.newBuilder(SampleEvents.fullRunRequest()).setSweepId("sw").setRunId(id).build());
        }
        totals.add(aggregator.summary("sw").getCounts().getTotal());
        aggregator.onResult(result("r1", RunStatus.FINISHED, 0.8, 0.4, OptimizerKind.ADAM));
        aggregator.onResult(result("r2", RunStatus.FINISHED, 0.8, 0.4, OptimizerKind.ADAM));
        totals.add(aggregator.summary("sw").getCounts().getTotal());
        for (String id : List.of("r3", "r4")) {
            aggregator.onRequest(RunRequest.newBuilder(SampleEvents.fullRunRequest()).setSweepId("sw").setRunId(id).build());
        }
        SweepSummary s = aggregator.summary("sw");
        totals.add(s.getCounts().getTotal());

        assertEquals(List.of(4, 4, 4), totals, "2/4 done, never 2/2 then 2/4");
        assertEquals(4, s.getCounts().getRequested());
        assertEquals(SweepStatus.ACTIVE, s.getStatus());
    }

    @Test
    void anUnboundedSweepHasNoTotal() {
        aggregator.onDefinition(SweepDefinition.newBuilder(definition("val_accuracy", MetricGoal.MAXIMIZE, 1)).setTotalRuns(null).build());
        aggregator.onResult(result("r1", RunStatus.FINISHED, 0.8, 0.4, OptimizerKind.ADAM));

        assertNull(aggregator.summary("sw").getCounts().getTotal());
    }

    @Test
    void theBestRunOfEachValueOfASweptParameterIsReported() {
        aggregator.onDefinition(definition("val_accuracy", MetricGoal.MAXIMIZE, 4));
        aggregator.onResult(result("adam-1", RunStatus.FINISHED, 0.80, 0.4, OptimizerKind.ADAM));
        aggregator.onResult(result("adam-2", RunStatus.FINISHED, 0.86, 0.4, OptimizerKind.ADAM));
        aggregator.onResult(result("sgd-1", RunStatus.FINISHED, 0.60, 0.4, OptimizerKind.SGD));

        List<ParameterBest> best = aggregator.summary("sw").getBestPerParameterValue();

        assertEquals(2, best.size());
        assertEquals("adam", best.get(0).getValue());
        assertEquals("adam-2", best.get(0).getRunId());
        assertEquals("sgd", best.get(1).getValue());
        assertEquals("sgd-1", best.get(1).getRunId());
    }

    @Test
    void theSummaryHasParameterImportanceOnceAHandfulOfRunsHaveAMetric() {
        aggregator.onDefinition(definition("val_accuracy", MetricGoal.MAXIMIZE, 6));
        aggregator.onResult(result("adam-1", RunStatus.FINISHED, 0.86, 0.4, OptimizerKind.ADAM));
        aggregator.onResult(result("adam-2", RunStatus.STOPPED_EARLY, 0.85, 0.4, OptimizerKind.ADAM));
        aggregator.onResult(result("sgd-1", RunStatus.FINISHED, 0.60, 0.4, OptimizerKind.SGD));
        aggregator.onResult(result("sgd-2", RunStatus.FINISHED, 0.62, 0.4, OptimizerKind.SGD));
        assertEquals(List.of(), aggregator.summary("sw").getImportance(), "four runs are too few");

        aggregator.onResult(result("sgd-3", RunStatus.FINISHED, 0.61, 0.4, OptimizerKind.SGD));
        aggregator.onResult(result("failed", RunStatus.FAILED, 0.99, 0.4, OptimizerKind.SGD)); // not ranked, not counted

        List<ParameterImportance> importance = aggregator.summary("sw").getImportance();
        assertEquals(1, importance.size(), "the one swept parameter");
        assertEquals("optimizer", importance.get(0).getParameter());
        assertEquals(1.0, importance.get(0).getImportance(), 1e-9, "all of the forest's importance");
        assertTrue(importance.get(0).getCorrelation() > 0.99, "the optimizer explains the metric: " + importance.get(0));
    }

    @Test
    void theNewestAttemptsLastEpochIsTheRunsProgress() {
        aggregator.onDefinition(definition("train_loss", MetricGoal.MINIMIZE, 1));
        aggregator.onMetric(metric("r1", 1, 3));
        aggregator.onMetric(metric("r1", 2, 1)); // the retry starts over
        aggregator.onMetric(metric("r1", 1, 4)); // a late metric of the dead attempt
        aggregator.onResult(result("r1", RunStatus.FINISHED, 0.8, 0.4, OptimizerKind.ADAM));

        assertEquals(2 * 10 + 1, aggregator.summary("sw").getBest().getMetricValue(), "train_loss of attempt 2, epoch 1");
    }

    @Test
    void aSweepWithoutItsDefinitionHasNoSummaryYet() {
        aggregator.onResult(result("r1", RunStatus.FINISHED, 0.8, 0.4, OptimizerKind.ADAM));
        assertNull(aggregator.summary("sw"));
    }

    private static List<String> runIds(SweepSummary s) {
        return s.getLeaderboard().stream().map(e -> e.getRunId()).collect(Collectors.toList());
    }

    private static SweepDefinition definition(String metric, MetricGoal goal, int totalRuns) {
        return SweepDefinition.newBuilder(SampleEvents.fullSweepDefinition())
                .setSweepId("sw").setMetricName(metric).setMetricGoal(goal).setTotalRuns(totalRuns)
                .setStatus(SweepStatus.ACTIVE)
                .setParameters(List.of(ParameterSpec.newBuilder().setName("optimizer").setKind(ParameterKind.VALUES)
                        .setValues(List.of("adam", "sgd")).build()))
                .build();
    }

    private static RunResult result(String runId, RunStatus status, double valAccuracy, double valLoss, OptimizerKind optimizer) {
        return result(runId, status, valAccuracy, valLoss, optimizer, SampleEvents.fullRunResult().getFinishedAtMs());
    }

    private static RunResult result(String runId, RunStatus status, double valAccuracy, double valLoss, OptimizerKind optimizer, long finishedAtMs) {
        return RunResult.newBuilder(SampleEvents.fullRunResult())
                .setSweepId("sw").setRunId(runId).setStatus(status).setFinishedAtMs(finishedAtMs)
                .setBestValAccuracy(valAccuracy).setFinalValLoss(valLoss)
                .setHyperparameters(io.sweepstream.schemas.avro.Hyperparameters.newBuilder(SampleEvents.hyperparameters())
                        .setOptimizer(optimizer).build())
                .build();
    }

    /** train loss encodes attempt and epoch (attempt * 10 + epoch), so a test can tell which one was kept. */
    private static EpochMetric metric(String runId, int attempt, int epoch) {
        return EpochMetric.newBuilder(SampleEvents.fullEpochMetric())
                .setSweepId("sw").setRunId(runId).setAttempt(attempt).setEpoch(epoch).setTrainLoss(attempt * 10 + epoch)
                .build();
    }
}
