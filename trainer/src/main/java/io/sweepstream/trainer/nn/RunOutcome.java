package io.sweepstream.trainer.nn;

/** How a training run ended. */
public enum RunOutcome {
    /** All configured epochs ran. */
    FINISHED,
    /** The listener asked to stop, or the run was cancelled. */
    STOPPED,
    /** A batch loss or a weight became NaN or infinite. */
    DIVERGED
}
