package io.sweepstream.producer.search;

import io.sweepstream.producer.spec.SearchMethod;
import io.sweepstream.producer.spec.SweepSpec;
import java.util.List;
import java.util.OptionalInt;

/**
 * Decides which runs a sweep starts next.
 *
 * <p>Call order: the controller creates one strategy per sweep with {@link #create}, then calls
 * {@link #next} whenever it has room for more runs in flight, passing how many runs it has proposed
 * so far and the results it has. Implementations keep no state between calls, so a restarted
 * controller that replays its topics gets the same proposals.
 */
public interface SearchStrategy {

    /**
     * Proposes up to {@code maxNew} runs, with indices {@code nextIndex}, {@code nextIndex + 1}...
     *
     * @param spec      the sweep
     * @param nextIndex how many runs were proposed before (the index of the first run to propose)
     * @param history   the finished runs so far, in any order (grid and random ignore it)
     * @param maxNew    the most runs to propose, >= 0
     * @return the proposals, fewer than {@code maxNew} (possibly none) when the sweep has no more runs
     */
    List<PlannedRun> next(SweepSpec spec, int nextIndex, List<FinishedRun> history, int maxNew);

    /** How many runs the sweep has in all, or empty when it is unbounded (random without run_cap). */
    OptionalInt totalRuns(SweepSpec spec);

    /**
     * The strategy for {@code method}.
     *
     * @throws UnsupportedOperationException for bayes, which validation accepts but which is not built yet
     */
    static SearchStrategy create(SearchMethod method) {
        return switch (method) {
            case GRID -> new GridSearch();
            case RANDOM -> new RandomSearch();
            case BAYES -> throw new UnsupportedOperationException(
                    "bayes search arrives in a later issue; use grid or random");
        };
    }
}
