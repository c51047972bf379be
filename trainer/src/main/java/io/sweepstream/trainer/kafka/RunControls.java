package io.sweepstream.trainer.kafka;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.SweepDefinition;

/**
 * What {@link RunViews} knows, without Kafka: which runs already have a result, which runs and sweeps
 * were stopped, which of those stops were early termination's, and which sweeps are paused or cancelled.
 * Feed it records in topic order. Not thread-safe.
 *
 * <p>Bounded for a worker that lives through many sweeps (issue 14): a finished run is one bit of its
 * sweep's {@link FinishedRuns} when its id has the standard form {@code <sweepId>-r<index>}, and a stop
 * is forgotten once its run has a result (a stop only matters while the run can still train: a request
 * for a run with a result is skipped as {@link #ALREADY_DONE} before any stop is looked at). What grows
 * then is a few bytes per sweep, not per run.
 */
final class RunControls {

    static final String ALREADY_DONE = "this run already has a result";

    private final FinishedRuns finishedRuns = new FinishedRuns();
    private final Set<String> stoppedRuns = new HashSet<>();
    /** Runs the evaluator's early termination stopped, with its reason: they end STOPPED_EARLY. */
    private final Map<String, String> stoppedEarly = new HashMap<>();
    private final Set<String> cancelledSweeps = new HashSet<>();
    /** Sweeps whose latest definition says PAUSED: their queued runs are set aside, not trained. */
    private final Set<String> pausedSweeps = new HashSet<>();

    /** Why this request must not be trained, or null to train it. */
    String skipReason(RunRequest request) {
        if (finishedRuns.contains(request.getSweepId(), request.getRunId())) {
            return ALREADY_DONE;
        }
        return stopReason(request);
    }

    /** Why a run in progress must stop, or null. */
    String stopReason(RunRequest request) {
        if (cancelledSweeps.contains(request.getSweepId())) {
            return "sweep " + request.getSweepId() + " was cancelled";
        }
        if (stoppedRuns.contains(request.getRunId())) {
            return "run " + request.getRunId() + " was stopped";
        }
        return null;
    }

    /**
     * The early-termination reason when this run was stopped by the evaluator's early termination
     * (it then ends STOPPED_EARLY), or null: not stopped, stopped by a user, or its sweep cancelled.
     */
    String earlyStopReason(RunRequest request) {
        return cancelledSweeps.contains(request.getSweepId()) ? null : stoppedEarly.get(request.getRunId());
    }

    /** Whether the run's sweep is paused now: it must not start (a run already training finishes). */
    boolean paused(RunRequest request) {
        return pausedSweeps.contains(request.getSweepId());
    }

    /** This worker wrote the run's result. */
    void recordResult(RunRequest request) {
        finished(request.getSweepId(), request.getRunId());
    }

    void onResult(RunResult result) {
        finished(result.getSweepId(), result.getRunId());
    }

    private void finished(String sweepId, String runId) {
        finishedRuns.add(sweepId, runId);
        stoppedRuns.remove(runId);
        stoppedEarly.remove(runId);
    }

    /** Entries kept per run (stops of runs without a result, finished runs with a non-standard id): for tests. */
    int runEntries() {
        return stoppedRuns.size() + stoppedEarly.size() + finishedRuns.irregular();
    }

    void onControl(Control control) {
        switch (control.getType()) {
            case STOP_RUN -> {
                if (control.getRunId() != null && !finishedRuns.contains(control.getSweepId(), control.getRunId())) {
                    stoppedRuns.add(control.getRunId());
                    if (control.getEarlyTermination()) {
                        stoppedEarly.put(control.getRunId(), control.getReason() == null ? "stopped early" : control.getReason());
                    }
                }
            }
            case CANCEL_SWEEP -> {
                if (control.getSweepId() != null) {
                    cancelledSweeps.add(control.getSweepId());
                }
            }
            // The sweep's status on its definition decides: one source, read in order, that no retention removes.
            case PAUSE_SWEEP, RESUME_SWEEP -> { }
            default -> throw new IllegalStateException("unknown control type " + control.getType());
        }
    }

    void onDefinition(SweepDefinition d) {
        switch (d.getStatus()) {
            case PAUSED -> pausedSweeps.add(d.getSweepId());
            case CANCELLED -> {
                pausedSweeps.remove(d.getSweepId());
                cancelledSweeps.add(d.getSweepId());
            }
            default -> pausedSweeps.remove(d.getSweepId());
        }
    }
}
