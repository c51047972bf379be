package io.sweepstream.trainer.nn;

/**
 * Receives a run's progress on the training thread; keep both methods cheap. An exception thrown here
 * propagates out of the trainer (it is the caller's bug, not a training outcome).
 */
@FunctionalInterface
public interface TrainingListener {

    /** Whether training goes on after an epoch. */
    enum Decision { CONTINUE, STOP }

    /** A listener that never stops a run. */
    TrainingListener NONE = metrics -> Decision.CONTINUE;

    /**
     * Called after each completed epoch (after validation). {@link Decision#STOP} ends the run as
     * {@link RunOutcome#STOPPED}, or as {@link RunOutcome#FINISHED} if it was the last configured epoch anyway.
     */
    Decision onEpoch(EpochMetrics metrics);

    /** Called after each optimizer step; {@code batch} runs from 1 to {@code batches} within the epoch. */
    default void onBatch(int epoch, int batch, int batches) {
    }

    /**
     * Called after {@link #onEpoch} for every epoch but the last, unless it said STOP, with a copy of the run's
     * state (see {@link TrainingRun#resume}). Its size is 4 bytes per parameter times one plus the optimizer's
     * buffers per parameter (0 for sgd, 1 for momentum, nag and rmsprop, 2 for adam and nadam); hand it to another
     * thread rather than write it here.
     */
    default void onCheckpoint(TrainingCheckpoint checkpoint) {
    }
}
