package io.sweepstream.evaluator.importance;

/**
 * How much one hyperparameter explains the metric.
 *
 * @param parameter   its name
 * @param importance  its share of the forest's permutation importance, in [0, 1]; a sweep's shares sum to 1, or are all 0
 * @param correlation numeric parameters: Pearson correlation of the value (its log when log-scaled) with the
 *                    metric, in [-1, 1]; categorical ones: the correlation ratio (eta), in [0, 1], which has no
 *                    sign; NaN when undefined (a constant parameter or metric)
 * @param categorical whether it was one-hot encoded
 */
public record Importance(String parameter, double importance, double correlation, boolean categorical) {
}
