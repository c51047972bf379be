package io.sweepstream.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.WorkerLiveness;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;

/**
 * The workers part of {@code sweep status}, by {@link WorkerLiveness}: a live or stopped worker as its
 * last heartbeat says; a lost one as LOST (never as TRAINING), with where its run went; a gone one not
 * at all, only counted. Where a run went comes from what status already reads: the heartbeat of the
 * live worker training it now, else the run's result on {@code runs.results}.
 */
final class WorkerLines {

    private WorkerLines() {
    }

    static List<String> lines(Collection<WorkerStatus> workers, RunResultsByRun results, long nowMs) {
        List<String> lines = new ArrayList<>();
        int gone = 0;
        List<WorkerStatus> sorted = workers.stream().sorted(Comparator.comparing(WorkerStatus::getWorkerId)).toList();
        for (WorkerStatus w : sorted) {
            switch (WorkerLiveness.of(w, nowMs)) {
                case ALIVE, STOPPED -> lines.add(EventFormat.worker(w));
                case LOST -> lines.add(lost(w, sorted, results, nowMs));
                case GONE -> gone++;
                default -> throw new IllegalStateException("unknown worker state for " + w.getWorkerId());
            }
        }
        if (gone > 0) {
            lines.add(String.format(Locale.ROOT, "(%d worker(s) silent for over %d min not listed; live trainers remove them from workers.status)",
                    gone, WorkerLiveness.GONE_AFTER.toMinutes()));
        }
        return lines;
    }

    /** {@code 10:41:02 worker doomed@host LOST: no heartbeat for 65 s; it was training r0010 (attempt 1, epoch 2/2); that run FINISHED on rescuer (attempt 2)}. */
    private static String lost(WorkerStatus w, List<WorkerStatus> all, RunResultsByRun results, long nowMs) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s worker %s@%s LOST: no heartbeat for %d s",
                EventFormat.time(w.getHeartbeatAtMs()), w.getWorkerId(), w.getHost(), WorkerLiveness.silence(w, nowMs).toSeconds()));
        if (w.getState() != WorkerState.TRAINING || w.getRunId() == null) {
            return s.append("; it was ").append(w.getState().name().toLowerCase(Locale.ROOT)).toString();
        }
        s.append(String.format(Locale.ROOT, "; it was training %s (attempt %d, epoch %d/%d); ", w.getRunId(), w.getAttempt(), w.getEpoch(), w.getEpochs()));
        WorkerStatus now = trainingNow(w.getRunId(), all, nowMs);
        RunResult result = results.get(w.getRunId());
        if (now != null) {
            s.append(String.format(Locale.ROOT, "that run is training on %s now (attempt %d, epoch %d/%d)",
                    now.getWorkerId(), now.getAttempt(), now.getEpoch(), now.getEpochs()));
        } else if (result != null) {
            s.append(String.format(Locale.ROOT, "that run %s on %s (attempt %d)", result.getStatus(), result.getWorkerId(), result.getAttempt()));
        } else {
            s.append("that run has no result yet and waits in the queue for the next idle trainer");
        }
        return s.toString();
    }

    /** The live worker training {@code runId} now, if any. */
    private static WorkerStatus trainingNow(String runId, List<WorkerStatus> all, long nowMs) {
        for (WorkerStatus other : all) {
            if (other.getState() == WorkerState.TRAINING && runId.equals(other.getRunId())
                    && WorkerLiveness.of(other, nowMs) == WorkerLiveness.State.ALIVE) {
                return other;
            }
        }
        return null;
    }
}
