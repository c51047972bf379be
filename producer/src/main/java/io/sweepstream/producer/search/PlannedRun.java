package io.sweepstream.producer.search;

import io.sweepstream.producer.spec.RunConfig;
import java.util.Objects;

/**
 * A run a strategy proposes: its index in the sweep, its hyperparameters and its seed.
 *
 * @param index  0 for the first run of the sweep, then 1, 2... in proposal order
 * @param config the hyperparameters
 * @param seed   the run's seed, {@link Seeds#runSeed(long, int)} of the sweep seed and the index
 */
public record PlannedRun(int index, RunConfig config, long seed) {
    public PlannedRun {
        Objects.requireNonNull(config, "config");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, found " + index);
        }
    }
}
