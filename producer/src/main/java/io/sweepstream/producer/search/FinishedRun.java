package io.sweepstream.producer.search;

import io.sweepstream.producer.spec.RunConfig;
import java.util.Objects;

/**
 * A run that ended with a metric value, as search strategies that learn from results see it.
 *
 * @param config      the hyperparameters it ran with
 * @param metricValue the sweep metric's value (see {@code SweepSpec.metric()})
 */
public record FinishedRun(RunConfig config, double metricValue) {
    public FinishedRun {
        Objects.requireNonNull(config, "config");
    }
}
