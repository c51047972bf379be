package io.sweepstream.dashboard.view;

import java.util.List;

/**
 * One sweep's page header and evaluator panels, as JSON; its runs come separately.
 *
 * @param sweep          the sweeps-list row
 * @param parameters     the search space, in spec order
 * @param hyperparameterNames names of {@link RunRow#hyperparameters()}, in order
 * @param summary        the evaluator's latest summary; null until it published one
 */
public record SweepDetail(SweepRow sweep, List<Parameter> parameters, List<String> hyperparameterNames, Summary summary) {

    /**
     * One entry of the search space.
     *
     * @param swept       more than one value is tried (a list of several values, or a distribution)
     * @param categorical its values are names, not numbers (optimizer, loss, ...)
     */
    public record Parameter(String name, String kind, List<String> values, String distribution, Double min, Double max,
                            boolean swept, boolean categorical) {
    }

    /** What the evaluator said about the sweep. */
    public record Summary(List<Entry> leaderboard, List<List<Integer>> bestConfusionMatrix, List<String> classNames,
                         String bestRunId, List<ParameterBest> bestPerParameterValue, List<Importance> importance,
                         long updatedAtMs) {
    }

    /** A ranked run. */
    public record Entry(int rank, String runId, Double metricValue, Double valAccuracy, Double testAccuracy,
                        String status, int epochsCompleted, List<String> hyperparameters) {
    }

    /** The best run among those that used one value of one parameter. */
    public record ParameterBest(String parameter, String value, String runId, Double metricValue) {
    }

    /** How much a parameter explains the metric. */
    public record Importance(String parameter, double importance, Double correlation) {
    }
}
