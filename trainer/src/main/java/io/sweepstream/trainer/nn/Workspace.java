package io.sweepstream.trainer.nn;

import org.ejml.data.FMatrixRMaj;

/**
 * The per-batch buffers of one {@link Network} for batches of up to {@link #capacity()} rows: pre-activations,
 * activations, back-propagated gradients and output probabilities. Allocated once; a smaller batch reshapes the
 * matrices inside their backing arrays. One workspace serves one thread.
 */
public final class Workspace {

    final int capacity;
    /** z of every layer (the last one holds the logits). */
    final FMatrixRMaj[] z;
    /** a = f(z) of every hidden layer. */
    final FMatrixRMaj[] a;
    /** dL/dz of every layer (holds dL/da transiently, converted in place). */
    final FMatrixRMaj[] delta;
    final FMatrixRMaj probs;

    Workspace(int capacity, int[] widths) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, found " + capacity);
        }
        this.capacity = capacity;
        int layers = widths.length - 1;
        z = new FMatrixRMaj[layers];
        a = new FMatrixRMaj[layers - 1];
        delta = new FMatrixRMaj[layers];
        for (int l = 0; l < layers; l++) {
            z[l] = new FMatrixRMaj(capacity, widths[l + 1]);
            delta[l] = new FMatrixRMaj(capacity, widths[l + 1]);
            if (l < layers - 1) {
                a[l] = new FMatrixRMaj(capacity, widths[l + 1]);
            }
        }
        probs = new FMatrixRMaj(capacity, widths[layers]);
    }

    /** The largest batch this workspace holds. */
    public int capacity() {
        return capacity;
    }

    /** Softmax output of the last forward pass (batch × classes; live). */
    public FMatrixRMaj probabilities() {
        return probs;
    }

    /** Pre-activations of layer {@code l} (0-based; the last layer's are the logits) from the last forward pass (live). */
    public FMatrixRMaj preActivations(int l) {
        return z[l];
    }
}
