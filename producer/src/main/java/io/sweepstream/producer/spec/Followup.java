package io.sweepstream.producer.spec;

import java.util.Objects;

/**
 * A spec's {@code followup} block: when the sweep ends, its best {@code topK} configurations (by the
 * sweep's metric) run again on {@code dataset}, as a linked sweep.
 *
 * @param dataset what the follow-up runs train on; {@code mnist} when the block names none
 * @param topK    how many of the best configurations run again; {@link #DEFAULT_TOP_K} when the block names none
 */
public record Followup(Dataset dataset, int topK) {

    public static final Dataset DEFAULT_DATASET = Dataset.MNIST;
    public static final int DEFAULT_TOP_K = 3;

    public Followup {
        Objects.requireNonNull(dataset, "dataset");
        if (topK < 1) {
            throw new IllegalArgumentException("top_k must be a positive integer, found " + topK);
        }
    }
}
