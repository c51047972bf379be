package io.sweepstream.producer.kafka;

import java.util.Locale;
import java.util.Optional;

import io.sweepstream.producer.spec.SearchMethod;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.schemas.avro.SweepDefinition;

/**
 * Whether a sweep needs a running controller, and why: the one rule that {@code submit} (publish every run,
 * or leave them to the controller), {@code status} and {@code local} apply.
 *
 * <p>With the queue, a grid or random sweep needs none: {@code submit} publishes all its runs and idle
 * trainers take them. A sweep needs one when runs must wait for something only a controller knows:
 * {@code parallelism} (the next runs are published as results come in) and bayes (each run is proposed
 * from the results so far). {@code early_terminate} does not: stopping runs early is the evaluator's
 * decision (a stop command on {@code runs.control}), and the runs are all queued anyway.
 */
public final class ControllerNeed {

    private ControllerNeed() {
    }

    /** Why the sweep of {@code spec} needs a controller, or empty when {@code submit} publishes all its runs. */
    public static Optional<String> of(SweepSpec spec) {
        return reason(spec.method() == SearchMethod.BAYES, spec.parallelism().orElse(null));
    }

    /** Same, for a published sweep. */
    public static Optional<String> of(SweepDefinition d) {
        return reason(d.getMethod() == io.sweepstream.schemas.avro.SearchMethod.BAYES, d.getParallelism());
    }

    /**
     * Why a sweep of {@code spec} needs a running controller when it ends, or empty: its follow-up
     * ({@code followup} block) is published by the controller. This does not change how its runs are published.
     */
    public static Optional<String> atEnd(SweepSpec spec) {
        return spec.followup().map(f -> String.format(Locale.ROOT,
                "followup: when the sweep ends, the controller publishes its top %d configuration(s) on %s as a linked sweep",
                f.topK(), f.dataset().specName()));
    }

    private static Optional<String> reason(boolean bayes, Integer parallelism) {
        if (bayes) {
            return Optional.of("method bayes: the controller proposes each run from the results so far");
        }
        if (parallelism != null) {
            return Optional.of(String.format(Locale.ROOT, "parallelism %d: the controller publishes its runs, %d at a time", parallelism, parallelism));
        }
        return Optional.empty();
    }
}
