package io.sweepstream.dashboard.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.sweepstream.dashboard.SweepFixture;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.WorkerState;
import org.junit.jupiter.api.Test;

class DashboardViewTest {

    private static final long NOW = SweepFixture.of("s", "s", 1, 1).t0() + 1_000_000;
    private final SweepFixture sweep = SweepFixture.of("s1", "first", 4, 3);
    private final DashboardView view = new DashboardView();


    @Test
    void countsEachRunOnceInItsLatestState() {
        view.onDefinition(sweep.definition());
        for (int i = 0; i < 4; i++) {
            view.onRequest(sweep.request(i));
        }
        view.onMetric(sweep.metric(1, 1, 1, "w1"));
        view.onMetric(sweep.metric(2, 1, 1, "w2"));
        view.onResult(sweep.result(2, "w2"));
        view.onResult(sweep.result(3, "w1"));
        view.onResult(sweep.result(3, "w1")); // a second result of one run

        SweepRow row = view.sweeps(NOW).get(0);

        assertEquals(new SweepRow.Counts(4, 1, 1, 2, 0, 0, 0, 0), row.counts());
        assertEquals(0.5, row.progress());
        assertEquals("first", row.name());
        assertEquals("ACTIVE", row.status());
    }

    @Test
    void theLastResultOfARunWins() {
        view.onDefinition(sweep.definition());
        view.onResult(sweep.result(0, "w1"));
        RunResult again = RunResult.newBuilder(sweep.result(0, "w2")).setAttempt(2).setStatus(RunStatus.STOPPED).build();
        view.onResult(again);

        RunRow row = view.runs("s1", NOW).orElseThrow().get(0);

        assertEquals("STOPPED", row.status());
        assertEquals(2, row.attempt());
        assertEquals("w2", row.worker());
        assertEquals(1, view.sweeps(NOW).get(0).counts().known());
    }

    @Test
    void keepsOneCurvePointPerEpochAndStartsOverOnANewAttempt() {
        view.onDefinition(sweep.definition());
        view.onRequest(sweep.request(0));
        view.onMetric(sweep.metric(0, 1, 1, "w1"));
        view.onMetric(sweep.metric(0, 2, 1, "w1"));
        view.onMetric(sweep.metric(0, 2, 1, "w1")); // delivered twice

        RunDetail first = view.run(sweep.runId(0), NOW).orElseThrow();
        assertEquals(List.of(1, 2), first.epoch());
        assertEquals(sweep.metric(0, 2, 1, "w1").getValAccuracy(), first.valAccuracy().get(1), 1e-6);

        view.onMetric(sweep.metric(0, 1, 2, "w2")); // the retry starts from scratch
        view.onMetric(sweep.metric(0, 2, 1, "w1")); // a late epoch of the first attempt

        RunDetail retried = view.run(sweep.runId(0), NOW).orElseThrow();
        assertEquals(List.of(1), retried.epoch());
        assertEquals(2, retried.run().attempt());
        assertEquals("w2", retried.run().worker());
        assertEquals(1, retried.run().epochsDone());
    }

    @Test
    void showsNoValueThatIsNotFinite() {
        view.onDefinition(sweep.definition());
        EpochMetric diverged = EpochMetric.newBuilder(sweep.metric(0, 1, 1, "w1")).setTrainLoss(Double.NaN)
                .setValLoss(Double.POSITIVE_INFINITY).build();
        view.onMetric(diverged);

        RunDetail run = view.run(sweep.runId(0), NOW).orElseThrow();

        assertNull(run.trainLoss().get(0));
        assertNull(run.valLoss().get(0));
        assertNotNull(run.valAccuracy().get(0));
    }

    @Test
    void rowsCarryEveryHyperparameterAndTheSweepMetric() {
        view.onDefinition(sweep.definition());
        view.onRequest(sweep.request(1));
        view.onResult(sweep.result(1, "w1"));

        RunRow row = view.runs("s1", NOW).orElseThrow().get(0);
        SweepDetail detail = view.sweep("s1", NOW).orElseThrow();

        assertEquals(detail.hyperparameterNames().size(), row.hyperparameters().size());
        assertEquals("sgd", row.hyperparameters().get(detail.hyperparameterNames().indexOf("optimizer")));
        assertEquals("0.01", row.hyperparameters().get(detail.hyperparameterNames().indexOf("learning_rate")));
        assertEquals(sweep.finalValAccuracy(1), row.metric(), 1e-12);
        assertEquals(1, row.index());
        assertEquals(sweep.runStartMs(1), row.startedAtMs());
    }

    @Test
    void marksCategoricalAndSweptParameters() {
        view.onDefinition(sweep.definition());

        List<SweepDetail.Parameter> parameters = view.sweep("s1", NOW).orElseThrow().parameters();

        SweepDetail.Parameter optimizer = parameters.get(0);
        SweepDetail.Parameter learningRate = parameters.get(1);
        SweepDetail.Parameter epochs = parameters.get(4);
        assertTrue(optimizer.swept() && optimizer.categorical());
        assertTrue(learningRate.swept() && !learningRate.categorical());
        assertFalse(epochs.swept());
    }

    @Test
    void takesRanksAndTheBestRunFromTheEvaluatorsSummary() {
        view.onDefinition(sweep.definition());
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(sweep.result(i, "w1"));
            view.onResult(results.get(i));
        }
        view.onSummary(sweep.summary(results, 3));

        SweepDetail detail = view.sweep("s1", NOW).orElseThrow();

        assertEquals(3, detail.summary().leaderboard().size());
        String best = detail.summary().leaderboard().get(0).runId();
        assertEquals(best, detail.sweep().best().runId());
        assertEquals("FINISHED", detail.sweep().status());
        int bestIndex = Integer.parseInt(best.substring(best.length() - 4));
        assertEquals(SweepFixture.confusionMatrix(bestIndex), detail.summary().bestConfusionMatrix());
        assertEquals("T-shirt/top", detail.summary().classNames().get(0));
    }

    @Test
    void aWorkerSilentForLongerThanTheTimeoutIsLostAndItsRunRetrying() {
        view.onDefinition(sweep.definition());
        view.onMetric(sweep.metric(0, 1, 1, "w1"));
        view.onWorker(SweepFixture.worker("w1", WorkerState.TRAINING, "s1", sweep.runId(0), 1, 3, NOW - 16_000));
        view.onWorker(SweepFixture.worker("w2", WorkerState.IDLE, null, null, 0, 0, NOW - 1_000));
        view.onWorker(SweepFixture.worker("w3", WorkerState.STOPPED, null, null, 0, 0, NOW - 60_000));

        List<WorkerRow> workers = view.workers(NOW);

        assertEquals(List.of("LOST", "IDLE", "STOPPED"), workers.stream().map(WorkerRow::state).toList());
        assertEquals(16_000, workers.get(0).silentMs());
        RunRow run = view.runs("s1", NOW).orElseThrow().get(0);
        assertEquals("RUNNING", run.status());
        assertTrue(run.retrying());
    }

    @Test
    void aRunIsRunningFromTheHeartbeatThatNamesItBeforeItsFirstEpochEnds() {
        view.onDefinition(sweep.definition());
        view.onRequest(sweep.request(0));
        view.onRequest(sweep.request(1));
        view.onWorker(SweepFixture.worker("w1", WorkerState.TRAINING, "s1", sweep.runId(0), 1, 3, NOW - 1_000));

        RunRow taken = view.runs("s1", NOW).orElseThrow().get(0);

        assertEquals("RUNNING", taken.status());
        assertEquals("w1", taken.worker());
        assertEquals(0, taken.epochsDone());
        assertEquals(new SweepRow.Counts(2, 1, 1, 0, 0, 0, 0, 0), view.sweeps(NOW).get(0).counts());
        assertEquals("QUEUED", view.runs("s1", NOW + 20_000).orElseThrow().get(0).status(), "its worker went silent");
    }

    @Test
    void forgetsGoneWorkersAndThoseWhoseRecordWasRemoved() {
        view.onWorker(SweepFixture.worker("old", WorkerState.STOPPED, null, null, 0, 0, NOW - Duration.ofMinutes(6).toMillis()));
        view.onWorker(SweepFixture.worker("removed", WorkerState.IDLE, null, null, 0, 0, NOW - 1_000));
        view.onWorker(SweepFixture.worker("here", WorkerState.IDLE, null, null, 0, 0, NOW - 1_000));

        view.onWorkerGone("removed");

        assertEquals(List.of("here"), view.workers(NOW).stream().map(WorkerRow::workerId).toList());
    }

    @Test
    void pushesOnlyTheStatusBeforeCatchingUpThenAskForAResync() {
        view.onDefinition(sweep.definition());
        view.replayProgress(10, 5);

        Changes during = view.drain(NOW, 100, 100);
        assertFalse(during.resync());
        assertTrue(during.sweeps().isEmpty());
        assertFalse(during.status().caughtUp());

        view.markCaughtUp(15);
        Changes after = view.drain(NOW, 100, 100);
        assertTrue(after.resync());
        assertTrue(after.status().caughtUp());

        assertTrue(view.drain(NOW, 100, 100).isEmpty(), "nothing changed since");
    }

    @Test
    void pushesTheRunsAndEpochsThatChangedCoalesced() {
        view.onDefinition(sweep.definition());
        view.markCaughtUp(1);
        view.drain(NOW, 100, 100);

        view.onMetric(sweep.metric(0, 1, 1, "w1"));
        view.onMetric(sweep.metric(0, 2, 1, "w1"));
        view.onMetric(sweep.metric(1, 1, 1, "w1"));
        Changes c = view.drain(NOW, 100, 100);

        assertFalse(c.resync());
        assertEquals(List.of(sweep.runId(0), sweep.runId(1)), c.runs().stream().map(RunRow::runId).toList());
        assertEquals(3, c.points().size());
        assertEquals(List.of("s1"), c.sweeps().stream().map(SweepRow::sweepId).toList());
        assertEquals(2, c.runs().get(0).epochsDone());
    }

    @Test
    void asksForAResyncWhenMoreChangedThanOnePushCarries() {
        view.onDefinition(sweep.definition());
        view.markCaughtUp(1);
        view.drain(NOW, 100, 100);
        for (int i = 0; i < 4; i++) {
            view.onRequest(sweep.request(i));
        }

        Changes c = view.drain(NOW, 3, 100);

        assertTrue(c.resync());
        assertTrue(c.runs().isEmpty());
    }

    @Test
    void pushesWorkersWhenOneGoesSilent() {
        view.markCaughtUp(0);
        view.onWorker(SweepFixture.worker("w1", WorkerState.IDLE, null, null, 0, 0, NOW));
        view.drain(NOW, 100, 100);

        assertTrue(view.drain(NOW + 5_000, 100, 100).isEmpty());
        Changes later = view.drain(NOW + 16_000, 100, 100);

        assertEquals("LOST", later.workers().get(0).state());
    }

    @Test
    void sayskafkaTroubleOnceWithItsStart() {
        view.kafkaTrouble("broker away", NOW);
        view.kafkaTrouble("still away", NOW + 5_000);

        ViewStatus s = view.status(NOW + 6_000);
        assertEquals("broker away", s.kafkaTrouble());
        assertEquals(NOW, s.troubleSinceMs());

        view.kafkaTrouble(null, NOW + 7_000);
        assertNull(view.status(NOW + 8_000).kafkaTrouble());
    }

    @Test
    void elapsedStopsWhenTheSweepIsOver() {
        view.onDefinition(sweep.definition());
        view.onResult(sweep.result(0, "w1"));
        view.onDefinition(io.sweepstream.schemas.avro.SweepDefinition.newBuilder(sweep.definition()).setStatus(SweepStatus.CANCELLED).build());

        SweepRow row = view.sweeps(NOW).get(0);

        assertEquals("CANCELLED", row.status());
        assertEquals(sweep.result(0, "w1").getFinishedAtMs() - sweep.t0(), row.elapsedMs());
    }

    @Test
    void listsSweepsNewestFirst() {
        view.onDefinition(sweep.definition());
        SweepFixture later = new SweepFixture("s2", "second", 1, 1, sweep.t0() + 5);
        view.onDefinition(later.definition());

        assertEquals(Arrays.asList("s2", "s1"), view.sweeps(NOW).stream().map(SweepRow::sweepId).toList());
    }
}
