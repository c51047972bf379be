package io.sweepstream.trainer.nn;

import io.sweepstream.trainer.data.Dataset;
import io.sweepstream.trainer.nn.loss.Loss;
import org.ejml.data.FMatrixRMaj;

/** Loss, accuracy and confusion counts of a network on a whole dataset, in chunks, with buffers allocated once. */
final class Evaluator {

    /** Rows per forward pass: large enough for fast products, small enough to keep buffers at a few MB. */
    static final int CHUNK = 1000;

    /** Mean loss and accuracy over a dataset (NaN for an empty one). */
    record Evaluation(double loss, double accuracy) {
    }

    private final Network network;
    private final Loss loss;
    private final Workspace workspace;
    private final FMatrixRMaj x;
    private final int[] labels;

    Evaluator(Network network, Loss loss, int capacity) {
        this.network = network;
        this.loss = loss;
        this.workspace = network.newWorkspace(capacity);
        this.x = new FMatrixRMaj(capacity, network.features());
        this.labels = new int[capacity];
    }

    /** Evaluates {@code data}; if {@code confusion} is not null, adds one count per sample at [true][predicted]. */
    Evaluation evaluate(Dataset data, int[][] confusion) {
        int n = data.count();
        if (n == 0) {
            return new Evaluation(Double.NaN, Double.NaN);
        }
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += workspace.capacity()) {
            int rows = Math.min(workspace.capacity(), n - from);
            Batches.fill(data, null, from, rows, x, labels);
            // the loss is a batch mean: weight it by the rows of this chunk
            lossSum += network.evaluate(workspace, x, labels, loss) * rows;
            FMatrixRMaj probs = workspace.probabilities();
            for (int r = 0; r < rows; r++) {
                int predicted = Batches.argmax(probs, r);
                if (predicted == labels[r]) {
                    correct++;
                }
                if (confusion != null) {
                    confusion[labels[r]][predicted]++;
                }
            }
        }
        return new Evaluation(lossSum / n, (double) correct / n);
    }
}
