package io.sweepstream.trainer.run;

import java.util.function.BooleanSupplier;

import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunCheckpoint;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;

/**
 * Trains one requested run. Called on a training thread, never on the poll thread.
 *
 * <p>Must return a result for every outcome (finished, stopped, diverged, failed): it does not throw
 * for a run that goes wrong, only for a programming error.
 */
public interface RunExecutor {

    /**
     * @param request   what to train
     * @param attempt   1 for the first delivery, more when an earlier trainer died mid-run
     * @param workerId  written into the metrics and the result
     * @param progress  receives each epoch's metric and batch progress, in order
     * @param cancelled checked between batches; true ends the run as STOPPED
     */
    RunResult execute(RunRequest request, int attempt, String workerId, Progress progress, BooleanSupplier cancelled);

    /**
     * As {@link #execute(RunRequest, int, String, Progress, BooleanSupplier)}, but going on from {@code resumeFrom},
     * the run's latest checkpoint, when it is not null. An executor that cannot resume trains from the start.
     */
    default RunResult execute(RunRequest request, int attempt, String workerId, RunCheckpoint resumeFrom, Progress progress,
                              BooleanSupplier cancelled) {
        return execute(request, attempt, workerId, progress, cancelled);
    }

    /**
     * Why this executor cannot take runs now (its dataset is missing), or null when it can. A worker
     * asks before it joins the queue, and again now and then while the answer is not null.
     */
    default String unavailableReason() {
        return null;
    }

    /** What trains the runs, for logs and the worker's status (e.g. "blas (native BLAS via ...)"), or null. */
    default String engine() {
        return null;
    }

    /** What a run reports while it trains. */
    interface Progress {
        void epoch(EpochMetric metric);

        /** Fraction of the whole run done, in [0,1], and the current epoch (1-based). */
        default void batch(int epoch, double runFraction, double samplesPerSecond) {
        }

        /** The run's state after an epoch, to be kept for a trainer that takes the run over after a crash. */
        default void checkpoint(RunCheckpoint checkpoint) {
        }
    }
}
