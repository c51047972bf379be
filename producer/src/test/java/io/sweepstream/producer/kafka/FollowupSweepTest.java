package io.sweepstream.producer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.sweepstream.producer.search.PlannedRun;
import io.sweepstream.producer.search.SearchState;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.producer.spec.Dataset;
import io.sweepstream.producer.spec.Followup;
import io.sweepstream.producer.spec.SpecParser;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SearchMethod;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.serde.AvroClassTrust;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FollowupSweepTest {

    private static final SweepSpec MAXIMIZE = spec("val_accuracy", "maximize");
    private static final SweepSpec MINIMIZE = spec("val_loss", "minimize");

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install();
    }

    @Test
    void choosesTheBestKByTheMetricBestFirst() {
        List<RunResult> results = List.of(result(MAXIMIZE, 0, 0.50), result(MAXIMIZE, 1, 0.90), result(MAXIMIZE, 2, 0.70), result(MAXIMIZE, 3, 0.80));

        assertEquals(List.of("fm-r0001", "fm-r0003"), runIds(FollowupSweep.best(results, definition(MAXIMIZE), 2)));
    }

    @Test
    void aMinimizedMetricRanksTheLowestFirst() {
        List<RunResult> results = List.of(lossResult(0, 0.30), lossResult(1, 0.10), lossResult(2, 0.20));

        assertEquals(List.of("fm-r0001", "fm-r0002"), runIds(FollowupSweep.best(results, definition(MINIMIZE), 2)));
    }

    @Test
    void equalValuesAreRankedByRunIdWhateverTheOrderTheyArrivedIn() {
        List<RunResult> results = List.of(result(MAXIMIZE, 3, 0.8), result(MAXIMIZE, 1, 0.8), result(MAXIMIZE, 2, 0.8), result(MAXIMIZE, 0, 0.1));

        assertEquals(List.of("fm-r0001", "fm-r0002"), runIds(FollowupSweep.best(results, definition(MAXIMIZE), 2)));
    }

    @Test
    void failedDivergedAndStoppedRunsAndRunsWithoutAValueAreLeftOut() {
        List<RunResult> results = List.of(
                withStatus(result(MAXIMIZE, 0, 0.99), RunStatus.FAILED),
                withStatus(result(MAXIMIZE, 1, 0.98), RunStatus.DIVERGED),
                withStatus(result(MAXIMIZE, 2, 0.97), RunStatus.STOPPED_EARLY),
                withStatus(result(MAXIMIZE, 3, 0.96), RunStatus.STOPPED),
                result(MAXIMIZE, 4, Double.NaN),
                result(MAXIMIZE, 5, 0.40));

        assertEquals(List.of("fm-r0005"), runIds(FollowupSweep.best(results, definition(MAXIMIZE), 3)), "fewer than k finished: all of them");
    }

    @Test
    void aConfigurationIsChosenOnce() {
        RunResult twin = RunResult.newBuilder(result(MAXIMIZE, 0, 0.85)).setRunId("fm-r0009").build(); // run 0's configuration again
        List<RunResult> results = List.of(result(MAXIMIZE, 0, 0.90), twin, result(MAXIMIZE, 1, 0.80));

        assertEquals(List.of("fm-r0000", "fm-r0001"), runIds(FollowupSweep.best(results, definition(MAXIMIZE), 2)));
    }

    @Test
    void theFollowupIsALinkedGridOfTheChosenConfigurationsOnTheOtherDataset() {
        List<RunResult> results = List.of(result(MAXIMIZE, 0, 0.5), result(MAXIMIZE, 1, 0.9), result(MAXIMIZE, 2, 0.7));

        FollowupSweep f = FollowupSweep.plan(definition(MAXIMIZE), results, new Followup(Dataset.MNIST, 2), 123);

        assertEquals("fm-followup-mnist", f.sweepId());
        SweepDefinition d = f.definition();
        assertEquals("fm-followup-mnist", d.getSweepId());
        assertEquals("fm", d.getFollowupOf());
        assertEquals("mnist", d.getDataset());
        assertEquals(SearchMethod.GRID, d.getMethod());
        assertEquals("val_accuracy", d.getMetricName());
        assertEquals(2, d.getTotalRuns());
        assertEquals(SweepStatus.ACTIVE, d.getStatus());
        assertNull(d.getParallelism(), "all its runs are published at once: no controller needed");
        assertTrue(ControllerNeed.of(d).isEmpty());
        assertEquals(List.of("fm-r0001", "fm-r0002"), f.repeats());
        assertEquals(2, f.runs().size());
        for (int i = 0; i < 2; i++) {
            RunRequest run = f.runs().get(i);
            RunResult original = results.get(i == 0 ? 1 : 2);
            assertEquals("fm-followup-mnist-r000" + i, run.getRunId());
            assertEquals(i, run.getRunIndex());
            assertEquals("fm-followup-mnist", run.getSweepId());
            assertEquals("mnist", run.getDataset());
            assertEquals(original.getHyperparameters(), run.getHyperparameters(), "the same configuration");
            assertEquals(original.getSeed(), run.getSeed(), "and the same seed: only the dataset differs");
        }
        assertTrue(d.getSpecYaml().contains("run 0 repeats fm-r0001"), d.getSpecYaml());
        assertEquals(f, FollowupSweep.plan(definition(MAXIMIZE), results, new Followup(Dataset.MNIST, 2), 123), "a function of its inputs");
    }

    @Test
    void aSweepWithoutAFinishedRunHasNoFollowup() {
        List<RunResult> results = List.of(withStatus(result(MAXIMIZE, 0, 0.9), RunStatus.FAILED));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FollowupSweep.plan(definition(MAXIMIZE), results, new Followup(Dataset.MNIST, 3), 0));
        assertEquals("sweep fm has no finished run with a value of val_accuracy (of 1 result(s)): nothing to follow up", e.getMessage());
    }

    @Test
    void aSweepEndsWhenEveryRunOfItsBudgetHasAResultAndNotWhenCancelled() {
        SweepProgress p = new SweepProgress();
        p.definition(definition(MAXIMIZE));
        p.finished(result(MAXIMIZE, 0, 0.5));
        p.finished(result(MAXIMIZE, 0, 0.6)); // a second result of the same run
        p.finished(result(MAXIMIZE, 1, 0.6));
        p.finished(result(MAXIMIZE, 2, 0.6));
        assertFalse(p.ended(), "3 of 4 runs");

        p.finished(withStatus(result(MAXIMIZE, 3, 0.1), RunStatus.FAILED));
        assertTrue(p.ended());

        p.definition(SweepDefinition.newBuilder(definition(MAXIMIZE)).setStatus(SweepStatus.CANCELLED).build());
        assertFalse(p.ended(), "a cancelled sweep gets no follow-up");
    }

    private static SweepSpec spec(String metric, String goal) {
        return SpecParser.parse("""
                name: fm
                method: grid
                metric: {name: %s, goal: %s}
                followup: {dataset: mnist, top_k: 2}
                parameters:
                  hidden_size: {values: [8, 16]}
                  learning_rate: {values: [0.1, 0.01, 0.001]}
                """.formatted(metric, goal));
    }

    private static SweepDefinition definition(SweepSpec spec) {
        return SweepRecords.definition("fm", spec, 4, 0);
    }

    private static RunResult result(SweepSpec spec, int index, double valAccuracy) {
        PlannedRun run = SearchStrategy.create(spec.method()).next(spec, index, SearchState.EMPTY, 1).get(0);
        RunRequest q = SweepRecords.request("fm", spec, run, 0);
        return RunResult.newBuilder()
                .setSweepId(q.getSweepId()).setRunId(q.getRunId()).setStatus(RunStatus.FINISHED)
                .setHyperparameters(q.getHyperparameters()).setDataset(q.getDataset()).setSeed(q.getSeed())
                .setBestValAccuracy(valAccuracy).setEpochsCompleted(1).setDurationMs(10).setWorkerId("test").setFinishedAtMs(1)
                .build();
    }

    private static RunResult lossResult(int index, double valLoss) {
        return RunResult.newBuilder(result(MINIMIZE, index, 0.5)).setFinalValLoss(valLoss).build();
    }

    private static RunResult withStatus(RunResult r, RunStatus status) {
        return RunResult.newBuilder(r).setStatus(status).build();
    }

    private static List<String> runIds(List<RunResult> results) {
        return results.stream().map(RunResult::getRunId).toList();
    }
}
