package io.sweepstream.trainer.nn;

import io.sweepstream.trainer.nn.optim.OptimizerState;
import java.util.List;
import java.util.Objects;

/**
 * A run as it stood at the end of an epoch: everything the rest of the run depends on, so that
 * {@link TrainingRun#resume} into a fresh run of the same config and data trains on to bit-identical weights and
 * metrics (on the same backend). The shuffling stream is not stored: {@link TrainingRun#resume} replays the
 * {@code epoch} shuffles from the seed, which costs one random draw per sample per epoch.
 *
 * @param epoch          epochs finished, >= 1; the run goes on with epoch + 1
 * @param parameters     every parameter tensor, in {@link Network#parameters()} order (float32, as trained: exact)
 * @param optimizer      the optimizer's step count and state buffers
 * @param history        metrics of epochs 1..epoch (best-so-far and the result's epoch list come from it)
 * @param elapsedSeconds training time so far, added to the resumed run's duration
 *
 * <p>Arrays are copied in and out: the record stays immutable.
 */
public record TrainingCheckpoint(int epoch, float[][] parameters, OptimizerState optimizer, List<EpochMetrics> history,
                                 double elapsedSeconds) {

    public TrainingCheckpoint {
        Objects.requireNonNull(optimizer, "optimizer");
        history = List.copyOf(history);
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be >= 1, found " + epoch);
        }
        if (history.size() != epoch) {
            throw new IllegalArgumentException("a checkpoint after epoch " + epoch + " needs " + epoch
                    + " epochs of history, found " + history.size());
        }
        for (int e = 0; e < epoch; e++) {
            if (history.get(e).epoch() != e + 1) {
                throw new IllegalArgumentException("history entry " + e + " is epoch " + history.get(e).epoch()
                        + ", expected " + (e + 1));
            }
        }
        parameters = copy(Objects.requireNonNull(parameters, "parameters"));
    }

    /** A copy of the parameter tensors. */
    @Override
    public float[][] parameters() {
        return copy(parameters);
    }

    /** Bytes of float32 state (parameters and optimizer buffers), the bulk of a serialised checkpoint. */
    public long stateBytes() {
        long floats = 0;
        for (float[] p : parameters) {
            floats += p.length;
        }
        return 4 * floats + optimizer.sizeInBytes();
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int k = 0; k < a.length; k++) {
            c[k] = a[k].clone();
        }
        return c;
    }
}
