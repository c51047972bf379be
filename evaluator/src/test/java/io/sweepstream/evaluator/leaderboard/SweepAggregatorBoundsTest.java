package io.sweepstream.evaluator.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.MetricGoal;
import io.sweepstream.schemas.avro.RunCounts;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.testing.ViewMemory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * An ended sweep keeps only what its summary reads (issue 14, bounded state), and its summary is the one
 * an aggregator that keeps everything computes: checked against an aggregator fed the same records with
 * the sweeps unbounded (no total, so never ended and never compacted).
 */
class SweepAggregatorBoundsTest {

    private final SweepAggregator bounded = new SweepAggregator(5);
    private final SweepAggregator everything = new SweepAggregator(5);

    @Test
    void anEndedSweepKeepsOnlyTheBestRunsDetailAndItsSummaryIsUnchanged() {
        ViewMemory.history(3, 40, i -> ViewMemory.definition(i, 40), this::feedBoth);

        for (int i = 0; i < 3; i++) {
            String sweepId = ViewMemory.sweepId(i);
            assertEquals(1, bounded.detailedRuns(sweepId), "only the best run keeps its confusion matrix; no epoch keeps its names");
            SweepSummary s = bounded.summary(sweepId);
            assertEquals(SweepStatus.FINISHED, s.getStatus());
            assertNotNull(s.getBestConfusionMatrix());
            assertEquals(asEnded(everything.summary(sweepId), 40), s);
        }
    }

    @Test
    void aTrainMetricSweepKeepsItsLastEpochsWithoutNamesAndRanksTheSame() {
        ViewMemory.history(1, 40, i -> SweepDefinition.newBuilder(ViewMemory.definition(i, 40))
                .setMetricName("train_loss").setMetricGoal(MetricGoal.MINIMIZE).build(), this::feedBoth);

        assertEquals(1, bounded.detailedRuns(ViewMemory.sweepId(0)));
        assertEquals(asEnded(everything.summary(ViewMemory.sweepId(0)), 40), bounded.summary(ViewMemory.sweepId(0)));
    }

    @Test
    void anExtendedSweepReopensAndItsSummaryCountsEveryRun() {
        String sweepId = ViewMemory.sweepId(0);
        // The first 20 runs end the sweep (total 20): compacted. Then `sweep extend` raises the total to 40.
        ViewMemory.history(1, 40, i -> ViewMemory.definition(i, 20), new java.util.function.Consumer<>() {
            @Override
            public void accept(SpecificRecord r) {
                if (r instanceof RunRequest q && q.getRunIndex() == 20) { // 20 results read, run 20 not started
                    SweepDefinition extended = SweepDefinition.newBuilder(ViewMemory.definition(0, 40)).build();
                    assertEquals(1, bounded.detailedRuns(sweepId), "ended with 20 runs: compacted");
                    bounded.onDefinition(extended);
                }
                feedBoth(r);
            }
        });

        assertEquals(1, bounded.detailedRuns(sweepId), "ended again with 40 runs: compacted again");
        SweepSummary s = bounded.summary(sweepId);
        assertEquals(40, s.getCounts().getFinished());
        assertEquals(asEnded(everything.summary(sweepId), 40), s);
    }

    @Test
    void resultsReadAfterACancelAreKeptWholeOnlyUpToABound() {
        String sweepId = ViewMemory.sweepId(0);
        ViewMemory.history(1, 300, i -> ViewMemory.definition(i, 300), new java.util.function.Consumer<>() {
            int results;

            @Override
            public void accept(SpecificRecord r) {
                if (r instanceof RunResult result && ++results > 10) {
                    if (results == 11) {
                        bounded.onDefinition(SweepDefinition.newBuilder(ViewMemory.definition(0, 300)).setStatus(SweepStatus.CANCELLED).build());
                    }
                    r = RunResult.newBuilder(result).setStatus(RunStatus.STOPPED).setError("sweep " + sweepId + " was cancelled").build();
                }
                feedBoth(r);
            }
        });

        assertTrue(bounded.detailedRuns(sweepId) <= SweepAggregator.KEEP_WHOLE_AFTER_END + 1,
                "a cancelled sweep's stopped runs are compacted in batches, found " + bounded.detailedRuns(sweepId));
        assertEquals(290, bounded.summary(sweepId).getCounts().getStopped());
    }

    private void feedBoth(SpecificRecord r) {
        if (r instanceof SweepDefinition d) {
            bounded.onDefinition(d);
            everything.onDefinition(SweepDefinition.newBuilder(d).setTotalRuns(null).setRunCap(null).build());
        } else if (r instanceof RunRequest q) {
            bounded.onRequest(q);
            everything.onRequest(q);
        } else if (r instanceof EpochMetric m) {
            bounded.onMetric(m);
            everything.onMetric(m);
        } else if (r instanceof RunResult result) {
            bounded.onResult(result);
            everything.onResult(result);
        }
    }

    /** The never-ended aggregator's summary as the ended sweep's: its total and status. */
    private static SweepSummary asEnded(SweepSummary s, int total) {
        return SweepSummary.newBuilder(s).setStatus(SweepStatus.FINISHED)
                .setCounts(RunCounts.newBuilder(s.getCounts()).setTotal(total).build()).build();
    }
}
