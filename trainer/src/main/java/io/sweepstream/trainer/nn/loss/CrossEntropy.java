package io.sweepstream.trainer.nn.loss;

import org.ejml.data.FMatrixRMaj;

/**
 * Softmax cross-entropy, L = (1/B) Σ_b -log p_{b,y_b}, computed as log-sum-exp(z_b) - z_{b,y_b} so that it stays
 * finite for any finite logits. Fused gradient: dL/dz = (p - onehot(y)) / B.
 */
final class CrossEntropy implements Loss {

    @Override
    public double lossAndGradient(FMatrixRMaj logits, int[] labels, FMatrixRMaj probs, FMatrixRMaj gradLogits) {
        int rows = logits.numRows;
        int cols = logits.numCols;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double lse = Softmax.row(logits, probs, r);
            // -log p_y = log Σ_j e^z_j - z_y
            total += lse - logits.data[r * cols + labels[r]];
        }
        if (gradLogits != null) {
            float invBatch = 1f / rows;
            float[] p = probs.data;
            float[] g = gradLogits.data;
            for (int r = 0; r < rows; r++) {
                int base = r * cols;
                for (int k = 0; k < cols; k++) {
                    // dL/dz_k = (p_k - [k = y]) / B
                    g[base + k] = (p[base + k] - (k == labels[r] ? 1f : 0f)) * invBatch;
                }
            }
        }
        return total / rows;
    }
}
