package io.sweepstream.producer.search;

import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.schemas.Hyperparameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which a sweep published all at once goes into the queue: longest runs first. Trainers take
 * runs in queue order, so a grid in its own order (small networks first, the widest and deepest last) ended
 * with one trainer training the last large run alone while the others had nothing left; longest first, the
 * last runs are short ones and the trainers finish together. A run keeps its index and id; only the queue
 * order changes, and runs of equal cost keep their order.
 */
public final class QueueOrder {

    private QueueOrder() {
    }

    /** {@code runs} sorted by {@link #cost}, highest first; stable. */
    public static List<PlannedRun> longestFirst(List<PlannedRun> runs) {
        List<PlannedRun> ordered = new ArrayList<>(runs);
        ordered.sort(Comparator.comparingDouble((PlannedRun r) -> cost(r.config())).reversed());
        return ordered;
    }

    /**
     * A run's training cost in arbitrary units: epochs × weights, the work per sample of the forward and
     * backward passes, plus the optimizer's pass over the weights once per batch (a few operations per
     * weight, against about six per weight and sample for the passes).
     */
    static double cost(RunConfig c) {
        return c.getInt(Hyperparameter.EPOCHS) * (double) c.weights() * (1 + 2.0 / c.getInt(Hyperparameter.BATCH_SIZE));
    }
}
