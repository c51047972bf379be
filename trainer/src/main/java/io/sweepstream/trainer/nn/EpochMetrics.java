package io.sweepstream.trainer.nn;

/**
 * What one finished epoch reports.
 *
 * @param epoch             1-based
 * @param trainLoss         mean loss over the epoch's training samples, each measured in its mini-batch just before
 *                          that batch's update (so it mixes weights from the whole epoch; no weight-decay term)
 * @param trainAccuracy     fraction of training samples classified correctly, measured the same way
 * @param valLoss           mean loss on the validation set after the epoch (NaN if that set is empty)
 * @param valAccuracy       accuracy on the validation set after the epoch (NaN if that set is empty)
 * @param samplesPerSecond  training samples / training wall time of the epoch (evaluation excluded)
 * @param epochSeconds      wall time of the whole epoch, evaluation included
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                           double samplesPerSecond, double epochSeconds) {

    public EpochMetrics {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be >= 1, found " + epoch);
        }
    }
}
