package io.sweepstream.trainer.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.testing.ViewMemory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker's view stays small over many finished sweeps (issue 14) and answers as before. */
class RunControlsTest {

    private final RunControls controls = new RunControls();

    @BeforeAll
    static void trustOurRecords() {
        AvroClassTrust.install(); // the requests are copied with newBuilder(other), which checks the class
    }

    @Test
    void finishedSweepsLeaveNoEntryPerRunAndEveryRunStillSkips() {
        ViewMemory.history(5, 200, i -> ViewMemory.definition(i, 200), r -> {
            if (r instanceof RunRequest q && q.getRunIndex() % 3 == 0) {
                controls.onControl(stop(q.getSweepId(), q.getRunId(), true));
            } else if (r instanceof RunResult result) {
                controls.onResult(result);
            } else if (r instanceof SweepDefinition d) {
                controls.onDefinition(d);
            }
        });

        assertEquals(0, controls.runEntries(), "1,000 finished runs, a third stopped early first: no entry per run");
        for (int s = 0; s < 5; s++) {
            for (int i = 0; i < 200; i++) {
                assertEquals(RunControls.ALREADY_DONE, controls.skipReason(request(ViewMemory.sweepId(s), i)));
            }
        }
        assertNull(controls.skipReason(request(ViewMemory.sweepId(0), 200)), "run 200 of a sweep extended later trains");
    }

    @Test
    void aStopCountsUntilTheRunHasAResultAndALateStopIsNotKept() {
        RunRequest q = request("sw", 7);
        controls.onControl(stop("sw", q.getRunId(), true));
        assertEquals("run sw-r0007 was stopped", controls.stopReason(q));
        assertEquals("below the cutoff", controls.earlyStopReason(q));

        controls.recordResult(q);
        controls.onControl(stop(null, q.getRunId(), false)); // a user's stop, read after the result, naming no sweep

        assertEquals(RunControls.ALREADY_DONE, controls.skipReason(q));
        assertEquals(0, controls.runEntries());
    }

    @Test
    void aRunIdOfAnotherFormIsKeptWholeAndFound() {
        RunRequest odd = RunRequest.newBuilder(SampleEvents.fullRunRequest()).setSweepId("sw").setRunId("sw-run-7").build();
        controls.onResult(RunResult.newBuilder(SampleEvents.fullRunResult()).setSweepId("sw").setRunId("sw-run-7").build());

        assertEquals(RunControls.ALREADY_DONE, controls.skipReason(odd));
        assertNull(controls.skipReason(request("sw", 7)), "sw-r0007 is another run");
        assertEquals(1, controls.runEntries());
    }

    @Test
    void onlyTheSpellingTheProducerWritesMapsToAnIndex() {
        assertEquals(7, FinishedRuns.indexOf("sw", "sw-r0007"));
        assertEquals(12345, FinishedRuns.indexOf("sw", "sw-r12345"));
        assertEquals(-1, FinishedRuns.indexOf("sw", "sw-r7"));
        assertEquals(-1, FinishedRuns.indexOf("sw", "sw-r00012"));
        assertEquals(-1, FinishedRuns.indexOf("sw", "sw-r99999999999"));
        assertEquals(-1, FinishedRuns.indexOf("sw", "other-r0001"));
        assertEquals(-1, FinishedRuns.indexOf("sw", "sw-r00a1"));
    }

    private static RunRequest request(String sweepId, int index) {
        return RunRequest.newBuilder(SampleEvents.fullRunRequest()).setSweepId(sweepId)
                .setRunId(String.format("%s-r%04d", sweepId, index)).setRunIndex(index).build();
    }

    private static Control stop(String sweepId, String runId, boolean early) {
        return Control.newBuilder().setType(ControlType.STOP_RUN).setSweepId(sweepId).setRunId(runId)
                .setEarlyTermination(early).setReason("below the cutoff").setIssuedAtMs(SampleEvents.T0).build();
    }
}
