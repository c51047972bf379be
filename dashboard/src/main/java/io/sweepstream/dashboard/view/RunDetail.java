package io.sweepstream.dashboard.view;

import java.util.List;

/**
 * One run's curves (one value per epoch of its current attempt; null where an epoch is missing or
 * not finite) and, once it ended, its result.
 *
 * @param epoch           1-based epoch numbers, one per point
 * @param confusionMatrix test confusion matrix (row = true class); null until evaluated
 */
public record RunDetail(RunRow run, List<Integer> epoch, List<Double> trainLoss, List<Double> trainAccuracy,
                        List<Double> valLoss, List<Double> valAccuracy, List<List<Integer>> confusionMatrix,
                        List<String> classNames, Double testLoss, Double finalValLoss, Integer bestEpoch, String dataset,
                        Long seed) {
}
