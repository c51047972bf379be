package io.sweepstream.trainer.nn;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one training run.
 *
 * @param status             how the run ended
 * @param epochsCompleted    epochs that ran to the end (a cancelled or diverged partial epoch does not count)
 * @param epochs             metrics of every completed epoch, in order
 * @param bestValAccuracy    highest validation accuracy over completed epochs (NaN if none)
 * @param bestEpoch          1-based epoch of {@code bestValAccuracy}, the first one on ties (0 if none)
 * @param testLoss           loss on the test set with the final weights. For STOPPED and DIVERGED runs these are
 *                           the weights as they were when the run ended (a DIVERGED run stops before applying the
 *                           non-finite batch, but its weights may still give NaN here)
 * @param testAccuracy       accuracy on the test set with the same weights (NaN if the test set is empty)
 * @param confusionMatrix    counts on the test set, rows = true class, columns = predicted class (argmax; a row of
 *                           NaN probabilities predicts class 0), always numClasses × numClasses
 * @param classNames         class names from the dataset, indexing the matrix
 * @param divergedAtEpoch    1-based epoch where the run diverged, 0 unless DIVERGED
 * @param divergedAtBatch    1-based batch within that epoch, 0 unless DIVERGED
 * @param durationSeconds    wall time of the whole run, test evaluation included
 *
 * <p>Like every record holding an array, {@code equals} compares the confusion matrix by identity; compare
 * {@link #confusionMatrix()} with {@link java.util.Arrays#deepEquals} instead.
 */
public record TrainingResult(RunOutcome status, int epochsCompleted, List<EpochMetrics> epochs,
                             double bestValAccuracy, int bestEpoch, double testLoss, double testAccuracy,
                             int[][] confusionMatrix, List<String> classNames, int divergedAtEpoch,
                             int divergedAtBatch, double durationSeconds) {

    public TrainingResult {
        Objects.requireNonNull(status, "status");
        epochs = List.copyOf(epochs);
        classNames = List.copyOf(classNames);
        confusionMatrix = deepCopy(confusionMatrix);
        if (confusionMatrix.length != classNames.size()) {
            throw new IllegalArgumentException("confusion matrix has " + confusionMatrix.length + " rows for "
                    + classNames.size() + " classes");
        }
    }

    /** A copy: the record stays immutable. */
    @Override
    public int[][] confusionMatrix() {
        return deepCopy(confusionMatrix);
    }

    private static int[][] deepCopy(int[][] m) {
        int[][] copy = new int[m.length][];
        for (int i = 0; i < m.length; i++) {
            copy[i] = m[i].clone();
        }
        return copy;
    }
}
