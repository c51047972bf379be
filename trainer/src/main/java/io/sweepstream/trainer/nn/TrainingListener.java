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
}
