package io.sweepstream.trainer.data;

import io.sweepstream.trainer.math.Kernels;
import java.util.List;
import java.util.Objects;

/**
 * Labelled 28x28 grey images kept compact in memory: one unsigned byte per pixel, scaled to [0,1]
 * only when a batch is filled, so a 60,000-image set costs 47 MB instead of 188 MB of floats.
 *
 * <p>The arrays are shared, never copied: treat them as read-only.
 */
public record Dataset(String name, int count, int rows, int cols, byte[] pixels, byte[] labels, List<String> classNames) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        classNames = List.copyOf(classNames);
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("bad shape " + count + "x" + rows + "x" + cols + " for " + name);
        }
        if (pixels.length != (long) count * rows * cols) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + count + " images of " + rows + "x" + cols);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + count + " images");
        }
    }

    /** Pixels per image (784 for 28x28). */
    public int features() {
        return rows * cols;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Label of image {@code i}, in [0, numClasses). */
    public int label(int i) {
        return labels[i] & 0xFF;
    }

    /** Copies image {@code i}, scaled to [0,1], into {@code out} at {@code offset}; allocates nothing. */
    public void copyScaled(int i, float[] out, int offset) {
        int n = features();
        Kernels.get().scaleBytes(pixels, i * n, out, offset, n, 1f / 255f);
    }

    /** A new dataset holding copies of the images at {@code indices}, in that order. */
    public Dataset subset(String newName, int[] indices) {
        int n = features();
        byte[] subPixels = new byte[indices.length * n];
        byte[] subLabels = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], count);
            System.arraycopy(pixels, i * n, subPixels, k * n, n);
            subLabels[k] = labels[i];
        }
        return new Dataset(newName, indices.length, rows, cols, subPixels, subLabels, classNames);
    }
}
