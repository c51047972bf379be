package io.sweepstream.producer.search;

import io.sweepstream.producer.spec.RunConfig;
import java.util.List;

/**
 * What a sweep has run so far, as a search strategy sees it. Grid and random search ignore it; Bayesian
 * search learns from {@code finished} and steers clear of every configuration listed here.
 *
 * @param finished runs that ended with a finite metric value, in any order
 * @param pending  configurations proposed and not ended yet (in flight or queued), in any order
 * @param unscored runs that ended without a metric value (failed, or diverged before an epoch), in any order
 */
public record SearchState(List<FinishedRun> finished, List<RunConfig> pending, List<RunConfig> unscored) {

    /** A sweep that has run nothing yet. */
    public static final SearchState EMPTY = new SearchState(List.of(), List.of(), List.of());

    public SearchState {
        finished = List.copyOf(finished);
        pending = List.copyOf(pending);
        unscored = List.copyOf(unscored);
    }

    /** Only finished runs: nothing in flight, nothing failed. */
    public static SearchState of(List<FinishedRun> finished) {
        return new SearchState(finished, List.of(), List.of());
    }
}
