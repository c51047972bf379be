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
 * so far, the results it has and the runs still in flight. Implementations keep no state between
 * calls: given the same spec, index and state they return the same proposals, so a restarted
 * controller that replays its topics continues where the last one stopped.
 */
public interface SearchStrategy {

    /**
     * Proposes up to {@code maxNew} runs, with indices {@code nextIndex}, {@code nextIndex + 1}...
     *
     * @param spec      the sweep
     * @param nextIndex how many runs were proposed before (the index of the first run to propose)
     * @param state     what ran so far and what is in flight (grid and random ignore it)
     * @param maxNew    the most runs to propose, >= 0
     * @return the proposals, fewer than {@code maxNew} (possibly none) when the sweep has no more runs
     */
    List<PlannedRun> next(SweepSpec spec, int nextIndex, SearchState state, int maxNew);

    /** How many runs the sweep has in all, or empty when it is unbounded (random without run_cap). */
    OptionalInt totalRuns(SweepSpec spec);

    /** The strategy for {@code method}. */
    static SearchStrategy create(SearchMethod method) {
        return switch (method) {
            case GRID -> new GridSearch();
            case RANDOM -> new RandomSearch();
            case BAYES -> new TpeSearch();
        };
    }
}
