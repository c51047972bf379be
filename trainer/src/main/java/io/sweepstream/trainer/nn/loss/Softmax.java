package io.sweepstream.trainer.nn.loss;

import org.ejml.data.FMatrixRMaj;

/** Row-wise softmax, shifted by the row maximum so that no exponential overflows. */
final class Softmax {

    private Softmax() {
    }

    /**
     * p_k = e^(z_k - m) / Σ_j e^(z_j - m) with m = max_j z_j, for row {@code row}; returns log Σ_j e^(z_j - m) + m,
     * i.e. log-sum-exp of the row, so that cross-entropy is lse - z_y without taking log of a rounded p_y.
     */
    static double row(FMatrixRMaj logits, FMatrixRMaj probs, int row) {
        int cols = logits.numCols;
        int base = row * cols;
        float[] z = logits.data;
        float[] p = probs.data;
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < cols; k++) {
            max = Math.max(max, z[base + k]);
        }
        double sum = 0;
        for (int k = 0; k < cols; k++) {
            double e = Math.exp((double) z[base + k] - max);
            p[base + k] = (float) e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int k = 0; k < cols; k++) {
            p[base + k] *= inv;
        }
        return Math.log(sum) + max;
    }
}
