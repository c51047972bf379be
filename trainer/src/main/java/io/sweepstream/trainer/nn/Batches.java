package io.sweepstream.trainer.nn;

import io.sweepstream.trainer.data.Dataset;
import org.ejml.data.FMatrixRMaj;

/** Copies samples from a {@link Dataset} into preallocated batch buffers, and reads predictions back. */
final class Batches {

    private Batches() {
    }

    /**
     * Reshapes {@code x} to rows × features (within its capacity) and fills row r with sample
     * {@code order[from + r]} (or {@code from + r} if {@code order} is null) scaled to [0,1], and
     * {@code labels[r]} with its class. Allocates nothing.
     */
    static void fill(Dataset data, int[] order, int from, int rows, FMatrixRMaj x, int[] labels) {
        int features = data.features();
        x.reshape(rows, features);
        for (int r = 0; r < rows; r++) {
            int sample = order == null ? from + r : order[from + r];
            data.copyScaled(sample, x.data, r * features);
            labels[r] = data.label(sample);
        }
    }

    /** Index of the largest entry of {@code row} (the first on ties; 0 if all are NaN). */
    static int argmax(FMatrixRMaj m, int row) {
        int cols = m.numCols;
        int base = row * cols;
        int best = 0;
        for (int k = 1; k < cols; k++) {
            if (m.data[base + k] > m.data[base + best]) {
                best = k;
            }
        }
        return best;
    }
}
