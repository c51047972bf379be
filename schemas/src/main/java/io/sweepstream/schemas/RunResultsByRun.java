package io.sweepstream.schemas;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sweepstream.schemas.avro.RunResult;

/**
 * The one rule for a run with two results, applied by every reader of {@code runs.results}
 * (evaluator, controller, status, tail, dashboard, the worker's view): <b>the last result on the
 * topic for a run id is the run's result</b>, and a run counts once however many it has.
 *
 * <p>Why the last: the topic is compacted by run id, and compaction keeps the last record of a key;
 * a view built live and a view replayed after compaction must agree. Two results of one run arise only
 * when a trainer died (or froze) between writing its result and acknowledging the request, and the
 * run was trained again: both come from the same config and seed, so their metrics are the same.
 *
 * <p>Feed results in topic order. Not thread-safe.
 */
public final class RunResultsByRun {

    private final Map<String, RunResult> byRun = new LinkedHashMap<>();

    /** Records {@code result}; returns the result it replaces (a repeat of the same run), or null. */
    public RunResult put(RunResult result) {
        return byRun.put(result.getRunId(), result);
    }

    public RunResult get(String runId) {
        return byRun.get(runId);
    }

    public boolean contains(String runId) {
        return byRun.containsKey(runId);
    }

    /** Runs with a result: each run once. */
    public int size() {
        return byRun.size();
    }

    /**
     * {@code r} without what only its own page shows: confusion matrix, class names, error text, worker and
     * dataset (the bulk of a result). For long-lived views that keep many results only to rank and count
     * them (issue 14, bounded state); the ranks, counts and metric values read from it are {@code r}'s.
     */
    public static RunResult withoutDetail(RunResult r) {
        return RunResult.newBuilder()
                .setSweepId(r.getSweepId()).setRunId(r.getRunId()).setAttempt(r.getAttempt()).setStatus(r.getStatus())
                .setHyperparameters(r.getHyperparameters()).setDataset("").setSeed(r.getSeed())
                .setBestValAccuracy(r.getBestValAccuracy()).setBestEpoch(r.getBestEpoch()).setFinalValLoss(r.getFinalValLoss())
                .setTestAccuracy(r.getTestAccuracy()).setTestLoss(r.getTestLoss())
                .setConfusionMatrix(null).setClassNames(List.of()).setEpochsCompleted(r.getEpochsCompleted())
                .setDurationMs(r.getDurationMs()).setWorkerId("").setError(null)
                .setDivergedAtEpoch(r.getDivergedAtEpoch()).setDivergedAtBatch(r.getDivergedAtBatch())
                .setFinishedAtMs(r.getFinishedAtMs())
                .build();
    }

    /** One result per run, in the order the runs first got one. */
    public Collection<RunResult> values() {
        return Collections.unmodifiableCollection(byRun.values());
    }
}
