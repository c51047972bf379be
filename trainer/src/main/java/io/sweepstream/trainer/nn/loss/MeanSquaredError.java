package io.sweepstream.trainer.nn.loss;

import org.ejml.data.FMatrixRMaj;

/**
 * Squared error between the softmax output and the one-hot target, summed over classes and averaged over the
 * batch: L = (1/B) Σ_b Σ_k (p_{b,k} - y_{b,k})². (No factor 1/2, and no division by the number of classes.)
 *
 * <p>The gradient goes through the full softmax Jacobian, not the cross-entropy shortcut: with
 * g = dL/dp = 2 (p - y) / B, dL/dz_i = p_i (g_i - Σ_j g_j p_j).
 */
final class MeanSquaredError implements Loss {

    @Override
    public double lossAndGradient(FMatrixRMaj logits, int[] labels, FMatrixRMaj probs, FMatrixRMaj gradLogits) {
        int rows = logits.numRows;
        int cols = logits.numCols;
        float[] p = probs.data;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            Softmax.row(logits, probs, r);
            int base = r * cols;
            for (int k = 0; k < cols; k++) {
                // (p_k - y_k)²
                double d = p[base + k] - (k == labels[r] ? 1.0 : 0.0);
                total += d * d;
            }
        }
        if (gradLogits != null) {
            float twoOverBatch = 2f / rows;
            float[] g = gradLogits.data;
            for (int r = 0; r < rows; r++) {
                int base = r * cols;
                // first pass: g_k = 2 (p_k - y_k) / B, and s = Σ_j g_j p_j
                double s = 0;
                for (int k = 0; k < cols; k++) {
                    float gk = (p[base + k] - (k == labels[r] ? 1f : 0f)) * twoOverBatch;
                    g[base + k] = gk;
                    s += (double) gk * p[base + k];
                }
                // second pass: dL/dz_i = p_i (g_i - s)
                float sf = (float) s;
                for (int k = 0; k < cols; k++) {
                    g[base + k] = p[base + k] * (g[base + k] - sf);
                }
            }
        }
        return total / rows;
    }
}
