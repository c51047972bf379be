package io.sweepstream.trainer.data;

import java.util.Objects;
import java.util.Random;

/**
 * A training set divided into train and validation parts by a seeded, stratified shuffle: each class
 * gives the same fraction of its images to validation, so both parts keep the class balance.
 */
public record Split(Dataset train, Dataset validation) {

    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
    }

    /** 90% train, 10% validation. */
    public static Split stratified(Dataset data, long seed) {
        return stratified(data, DEFAULT_VALIDATION_FRACTION, seed);
    }

    /**
     * Per class, shuffles that class's indices and sends the first {@code round(n * validationFraction)}
     * to validation. Both parts keep the input's order (ascending index), so the result depends only on
     * the data and the seed.
     */
    public static Split stratified(Dataset data, double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), found " + validationFraction);
        }
        int[][] byClass = indicesByClass(data);
        // java.util.Random's algorithm is fixed by its specification, so a seed gives the same split
        // on every JVM version (SplittableRandom makes no such promise).
        Random random = new Random(seed);
        boolean[] toValidation = new boolean[data.count()];
        int validationCount = 0;
        for (int[] indices : byClass) {
            shuffle(indices, random);
            int take = (int) Math.round(indices.length * validationFraction);
            for (int i = 0; i < take; i++) {
                toValidation[indices[i]] = true;
            }
            validationCount += take;
        }
        int[] trainIndices = new int[data.count() - validationCount];
        int[] validationIndices = new int[validationCount];
        for (int i = 0, t = 0, v = 0; i < data.count(); i++) {
            if (toValidation[i]) {
                validationIndices[v++] = i;
            } else {
                trainIndices[t++] = i;
            }
        }
        return new Split(data.subset(data.name() + ":train", trainIndices),
                data.subset(data.name() + ":validation", validationIndices));
    }

    private static int[][] indicesByClass(Dataset data) {
        int[] counts = new int[data.numClasses()];
        for (int i = 0; i < data.count(); i++) {
            counts[data.label(i)]++;
        }
        int[][] byClass = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] filled = new int[counts.length];
        for (int i = 0; i < data.count(); i++) {
            int c = data.label(i);
            byClass[c][filled[c]++] = i;
        }
        return byClass;
    }

    /** Fisher-Yates. */
    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
