package io.sweepstream.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small generated datasets for tests and smoke runs: each class lights up its own subset of pixels
 * (pixel j belongs to class j mod classes) over Gaussian noise, so an MLP separates them in an epoch or two.
 */
public final class SyntheticDataset {

    private SyntheticDataset() {
    }

    public static Dataset blobs(String name, int count, int rows, int cols, int classes, long seed) {
        if (classes < 2 || classes > 256) {
            throw new IllegalArgumentException("classes must be in 2..256, found " + classes);
        }
        Random random = new Random(seed);
        int features = rows * cols;
        byte[] pixels = new byte[count * features];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = i % classes;
            labels[i] = (byte) label;
            for (int j = 0; j < features; j++) {
                int base = j % classes == label ? 200 : 30;
                pixels[i * features + j] = (byte) Math.max(0, Math.min(255, base + (int) (random.nextGaussian() * 25)));
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class-" + c);
        }
        return new Dataset(name, count, rows, cols, pixels, labels, names);
    }
}
