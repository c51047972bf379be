package io.sweepstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import org.junit.jupiter.api.Test;

class WorkerLinesTest {

    private static final long NOW = 1_700_000_000_000L;

    private static WorkerStatus worker(String id, WorkerState state, Duration ago, String runId, int attempt) {
        return WorkerStatus.newBuilder().setWorkerId(id).setHost("box").setState(state)
                .setSweepId(runId == null ? null : "probe").setRunId(runId).setAttempt(runId == null ? null : attempt)
                .setEpoch(runId == null ? null : 2).setEpochs(runId == null ? null : 2).setProgress(runId == null ? 0 : 0.57)
                .setHeartbeatAtMs(NOW - ago.toMillis()).setStartedAtMs(NOW - 3_600_000).build();
    }

    private static String at(Duration ago) {
        return EventFormat.time(NOW - ago.toMillis());
    }

    private static RunResultsByRun results(RunResult... rs) {
        RunResultsByRun byRun = new RunResultsByRun();
        for (RunResult r : rs) {
            byRun.put(r);
        }
        return byRun;
    }

    private static RunResult result(String runId, String workerId, int attempt) {
        return RunResult.newBuilder(SampleEvents.fullRunResult()).setRunId(runId).setWorkerId(workerId).setAttempt(attempt)
                .setStatus(RunStatus.FINISHED).build();
    }

    @Test
    void aSilentTrainerIsLostNotTrainingAndTheLineSaysWhichWorkerFinishedItsRun() {
        Duration ago = Duration.ofSeconds(65);
        List<String> lines = WorkerLines.lines(List.of(worker("doomed", WorkerState.TRAINING, ago, "probe-r0010", 1)),
                results(result("probe-r0010", "rescuer", 2)), NOW);

        assertEquals(List.of(at(ago) + " worker doomed@box LOST: no heartbeat for 65 s; it was training probe-r0010 (attempt 1, epoch 2/2); "
                + "that run FINISHED on rescuer (attempt 2)"), lines);
    }

    @Test
    void saysWhichLiveWorkerTrainsTheLostWorkersRunNow() {
        Duration ago = Duration.ofSeconds(20);
        List<String> lines = WorkerLines.lines(List.of(
                worker("doomed", WorkerState.TRAINING, ago, "probe-r0010", 1),
                worker("rescuer", WorkerState.TRAINING, Duration.ofSeconds(1), "probe-r0010", 2)), results(), NOW);

        assertEquals(at(ago) + " worker doomed@box LOST: no heartbeat for 20 s; it was training probe-r0010 (attempt 1, epoch 2/2); "
                + "that run is training on rescuer now (attempt 2, epoch 2/2)", lines.get(0));
        assertEquals(EventFormat.worker(worker("rescuer", WorkerState.TRAINING, Duration.ofSeconds(1), "probe-r0010", 2)), lines.get(1));
    }

    @Test
    void aLostWorkersRunWithoutResultOrTrainerWaitsInTheQueue() {
        List<String> lines = WorkerLines.lines(List.of(worker("doomed", WorkerState.TRAINING, Duration.ofSeconds(30), "probe-r0011", 1)),
                results(), NOW);

        assertEquals(true, lines.get(0).endsWith("; that run has no result yet and waits in the queue for the next idle trainer"), lines::toString);
    }

    @Test
    void aLostIdleWorkerSaysOnlyThatItWasIdle() {
        Duration ago = Duration.ofSeconds(16);

        assertEquals(List.of(at(ago) + " worker quiet@box LOST: no heartbeat for 16 s; it was idle"),
                WorkerLines.lines(List.of(worker("quiet", WorkerState.IDLE, ago, null, 0)), results(), NOW));
    }

    @Test
    void workersSilentForFiveMinutesAreNotListedOnlyCountedAndLiveOrStoppedOnesAreListedAsTheySay() {
        WorkerStatus live = worker("a-live", WorkerState.IDLE, Duration.ofSeconds(1), null, 0);
        WorkerStatus stopped = worker("b-stopped", WorkerState.STOPPED, Duration.ofMinutes(2), null, 0);
        List<String> lines = WorkerLines.lines(List.of(
                worker("ghost-1", WorkerState.TRAINING, Duration.ofMinutes(10), "probe-r0001", 1),
                worker("ghost-2", WorkerState.STOPPED, Duration.ofMinutes(5), null, 0), stopped, live), results(), NOW);

        assertEquals(List.of(EventFormat.worker(live), EventFormat.worker(stopped),
                "(2 worker(s) silent for over 5 min not listed; live trainers remove them from workers.status)"), lines);
    }
}
