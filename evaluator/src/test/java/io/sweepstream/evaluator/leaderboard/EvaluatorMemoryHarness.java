package io.sweepstream.evaluator.leaderboard;

import io.sweepstream.evaluator.early.SweepStopping;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.testing.ViewMemory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the evaluator's views ({@link SweepAggregator}, {@link SweepStopping}) after 100,000 finished
 * runs across 100 sweeps, each sweep's summary built once it ended, as the evaluator publishes it.
 * Reports, asserts nothing; run with {@code -Dsweep.memory=true}.
 */
@Tag("memory")
@EnabledIfSystemProperty(named = "sweep.memory", matches = "true")
class EvaluatorMemoryHarness {

    private static final int RUNS = ViewMemory.SWEEPS * ViewMemory.RUNS_PER_SWEEP;

    @Test
    void measuresTheAggregator() {
        long bytes = ViewMemory.retained(() -> {
            SweepAggregator aggregator = new SweepAggregator(10);
            String[] last = {null};
            ViewMemory.history(record -> {
                if (record instanceof SweepDefinition d) {
                    if (last[0] != null) {
                        aggregator.summary(last[0]);
                    }
                    last[0] = aggregator.onDefinition(d);
                } else if (record instanceof RunRequest q) {
                    aggregator.onRequest(q);
                } else if (record instanceof EpochMetric m) {
                    aggregator.onMetric(m);
                } else if (record instanceof RunResult r) {
                    aggregator.onResult(r);
                }
            });
            aggregator.summary(last[0]);
            return aggregator;
        });
        ViewMemory.report("evaluator", "SweepAggregator", bytes, RUNS);
    }

    @Test
    void measuresEarlyTermination() {
        long bytes = ViewMemory.retained(() -> {
            SweepStopping stopping = new SweepStopping();
            ViewMemory.history(record -> {
                if (record instanceof SweepDefinition d) {
                    stopping.onDefinition(d);
                } else if (record instanceof EpochMetric m) {
                    stopping.onMetric(m);
                    stopping.decide(m.getSweepId());
                } else if (record instanceof RunResult r) {
                    stopping.onResult(r);
                }
            });
            return stopping;
        });
        ViewMemory.report("evaluator", "SweepStopping", bytes, RUNS);
    }
}
