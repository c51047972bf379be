package io.sweepstream.dashboard.view;

/**
 * One sweep in the sweeps list, as JSON.
 *
 * @param status      the evaluator's status when it has summarised the sweep, else the definition's
 * @param totalRuns   runs the sweep will request; null when unbounded
 * @param progress    ended runs over total runs (or over runs known, when unbounded), in [0, 1]
 * @param best        the evaluator's best run so far; null before its first summary with a result
 * @param createdAtMs when the sweep was created
 * @param elapsedMs   from creation to its last event when it is over, else to now
 */
public record SweepRow(String sweepId, String name, String method, String status, String metricName, String metricGoal,
                       String dataset, Integer totalRuns, Counts counts, double progress, Best best,
                       long createdAtMs, long lastEventMs, long elapsedMs) {

    /** Runs of the sweep by state, each run once (the last result of a run wins). */
    public record Counts(int known, int queued, int running, int finished, int stopped, int stoppedEarly,
                         int diverged, int failed) {

        public int ended() {
            return finished + stopped + stoppedEarly + diverged + failed;
        }
    }

    /** A run and its value of the sweep metric. */
    public record Best(String runId, double value) {
    }
}
