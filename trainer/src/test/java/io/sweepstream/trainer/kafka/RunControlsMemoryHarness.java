package io.sweepstream.trainer.kafka;

import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.testing.ViewMemory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the worker's view ({@link RunControls}) after 100,000 finished runs across 100 sweeps, a third of
 * the controlled sweeps' runs stopped early first. Reports, asserts nothing; run with {@code -Dsweep.memory=true}.
 */
@Tag("memory")
@EnabledIfSystemProperty(named = "sweep.memory", matches = "true")
class RunControlsMemoryHarness {

    @Test
    void measuresTheWorkersView() {
        long bytes = ViewMemory.retained(() -> {
            RunControls controls = new RunControls();
            ViewMemory.history(record -> {
                if (record instanceof SweepDefinition d) {
                    controls.onDefinition(d);
                } else if (record instanceof RunRequest q && q.getRunIndex() % 3 == 0
                        && Integer.parseInt(q.getSweepId().substring(5)) % 2 == 1) {
                    controls.onControl(Control.newBuilder().setType(ControlType.STOP_RUN).setSweepId(q.getSweepId())
                            .setRunId(q.getRunId()).setEarlyTermination(true).setReason("below the rung's cutoff")
                            .setIssuedAtMs(q.getRequestedAtMs()).build());
                } else if (record instanceof RunResult r) {
                    controls.onResult(r);
                }
            });
            return controls;
        });
        ViewMemory.report("trainer", "RunControls (RunViews)", bytes, ViewMemory.SWEEPS * ViewMemory.RUNS_PER_SWEEP);
    }
}
