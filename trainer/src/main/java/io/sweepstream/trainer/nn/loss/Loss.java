package io.sweepstream.trainer.nn.loss;

import org.ejml.data.FMatrixRMaj;

/**
 * A classification loss applied to p = softmax(z) of the logits z, averaged over the batch. The softmax lives
 * here (not in a layer) so that each loss can give the exact, numerically stable gradient dL/dz.
 */
public interface Loss {

    /**
     * Writes p = softmax(z) row-wise into {@code probs} and returns the loss averaged over the
     * {@code logits.numRows} rows of the batch, where row r has true class {@code labels[r]}.
     * If {@code gradLogits} is not null it receives dL/dz of that batch-averaged loss (so already divided by the
     * batch size). Output matrices must have the logits' shape; nothing is allocated. The per-row sums are
     * accumulated in double.
     */
    double lossAndGradient(FMatrixRMaj logits, int[] labels, FMatrixRMaj probs, FMatrixRMaj gradLogits);
}
