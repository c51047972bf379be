package io.sweepstream.trainer.nn.optim;

import java.util.Objects;

/**
 * Everything an {@link Optimizer} carries from one step to the next: the number of steps taken (bias corrections
 * depend on it) and its state buffers (velocities, moments), in the order the optimizer allocated them. A copy:
 * training on does not change it, and restoring it leaves it unchanged too.
 *
 * @param steps steps taken so far, >= 0
 * @param slots state buffers, e.g. Adam's m for every tensor, then v for every tensor; empty for sgd
 */
public record OptimizerState(long steps, float[][] slots) {

    public OptimizerState {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, found " + steps);
        }
        slots = deepCopy(Objects.requireNonNull(slots, "slots"));
    }

    /** A copy: the record stays immutable. */
    @Override
    public float[][] slots() {
        return deepCopy(slots);
    }

    /** Bytes of state, for size estimates. */
    public long sizeInBytes() {
        long floats = 0;
        for (float[] slot : slots) {
            floats += slot.length;
        }
        return 4 * floats;
    }

    static float[][] deepCopy(float[][] a) {
        float[][] copy = new float[a.length][];
        for (int k = 0; k < a.length; k++) {
            copy[k] = a[k].clone();
        }
        return copy;
    }
}
