package io.sweepstream.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.sweepstream.schemas.RunResultsByRun;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;

/**
 * Counts one sweep's runs as done, running and queued from two sources: the results (done: each run once,
 * by {@link RunResultsByRun}'s rule) and the trainers' heartbeats (running). The total is the sweep's
 * size, fixed at the start. Feed it records in topic order; ask for {@link #counts} at any time.
 *
 * <p>The sources come from different topics and partitions, so either may be read ahead of the other: a
 * trainer's IDLE heartbeat, sent after its result was written, can be read before that result. So a run
 * seen training stays running until its result is read, unless no live heartbeat has claimed it for
 * {@link #RELEASE_GRACE_MS}: then it went back to the queue (its trainer was stopped or lost it). A claim
 * stops counting once its heartbeat is older than {@link EventFormat#SILENT_AFTER_SECONDS}, since a trainer
 * killed mid-run says nothing more. Hence done never goes down, and running goes down only when a run is
 * done or has really gone back to the queue.
 *
 * <p>Not thread-safe.
 */
final class SweepProgressTracker {

    /** Longer than a heartbeat interval (2 s) plus the time for a written result to be read. */
    static final long RELEASE_GRACE_MS = 10_000;

    private final String sweepId;
    private final int total;
    private final RunResultsByRun results = new RunResultsByRun();
    private final Map<String, WorkerStatus> latestByWorker = new TreeMap<>();
    /** Run id to the time of the newest heartbeat that said a trainer trains it; dropped once the run is done. */
    private final Map<String, Long> lastClaimMs = new HashMap<>();

    SweepProgressTracker(String sweepId, int total) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, found " + total);
        }
        this.sweepId = sweepId;
        this.total = total;
    }

    void onHeartbeat(WorkerStatus w) {
        WorkerStatus before = latestByWorker.get(w.getWorkerId());
        if (before != null && before.getHeartbeatAtMs() > w.getHeartbeatAtMs()) {
            return; // an older beat cannot undo a newer one
        }
        latestByWorker.put(w.getWorkerId(), w);
        if (claims(w) && !results.contains(w.getRunId())) {
            lastClaimMs.merge(w.getRunId(), w.getHeartbeatAtMs(), Math::max);
        }
    }

    void onResult(RunResult r) {
        if (sweepId.equals(r.getSweepId())) {
            results.put(r);
            lastClaimMs.remove(r.getRunId());
        }
    }

    /** The counts at {@code nowMs} (the clock heartbeats are stamped with). */
    ProgressCounts counts(long nowMs) {
        int diverged = 0;
        int failed = 0;
        for (RunResult r : results.values()) {
            diverged += r.getStatus() == RunStatus.DIVERGED ? 1 : 0;
            failed += r.getStatus() == RunStatus.FAILED ? 1 : 0;
        }
        int done = Math.min(total, results.size()); // capped: results beyond the sweep's size cannot be, but must not break the display
        int running = Math.min(total - done, runningRunIds(nowMs).size());
        diverged = Math.min(diverged, done);
        failed = Math.min(failed, done - diverged);
        return new ProgressCounts(total, done, running, total - done - running, diverged, failed);
    }

    /** The newest heartbeat of each trainer training a run of this sweep that has no result yet, by worker id. */
    List<WorkerStatus> training(long nowMs) {
        List<WorkerStatus> out = new ArrayList<>();
        for (WorkerStatus w : latestByWorker.values()) {
            if (claims(w) && !results.contains(w.getRunId()) && !EventFormat.silent(w, nowMs)) {
                out.add(w);
            }
        }
        return out;
    }

    private List<String> runningRunIds(long nowMs) {
        List<String> running = new ArrayList<>();
        List<String> claimedNow = training(nowMs).stream().map(WorkerStatus::getRunId).toList();
        lastClaimMs.forEach((runId, claimMs) -> {
            if (claimedNow.contains(runId) || nowMs - claimMs < RELEASE_GRACE_MS) {
                running.add(runId);
            }
        });
        return running;
    }

    private boolean claims(WorkerStatus w) {
        return w.getState() == WorkerState.TRAINING && w.getRunId() != null && sweepId.equals(w.getSweepId());
    }
}
