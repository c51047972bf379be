package io.sweepstream.dashboard.view;

import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.testing.ViewMemory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the dashboard's view after 100,000 finished runs across 100 sweeps (issue 11's per-run bound:
 * request, last epoch, result, four short curves). Reports, asserts nothing; run with {@code -Dsweep.memory=true}.
 */
@Tag("memory")
@EnabledIfSystemProperty(named = "sweep.memory", matches = "true")
class DashboardViewMemoryHarness {

    @Test
    void measuresTheDashboardsView() {
        long bytes = ViewMemory.retained(() -> {
            DashboardView view = new DashboardView();
            ViewMemory.history(record -> {
                if (record instanceof SweepDefinition d) {
                    view.onDefinition(d);
                } else if (record instanceof RunRequest q) {
                    view.onRequest(q);
                } else if (record instanceof EpochMetric m) {
                    view.onMetric(m);
                } else if (record instanceof RunResult r) {
                    view.onResult(r);
                }
            });
            return view;
        });
        ViewMemory.report("dashboard", "DashboardView", bytes, ViewMemory.SWEEPS * ViewMemory.RUNS_PER_SWEEP);
    }
}
