package io.sweepstream.trainer.nn.optim;

import java.util.Objects;

/**
 * One parameter tensor as an optimizer sees it: a name (for messages), its number of elements, and whether L2
 * weight decay applies to it (weights: yes, biases: no).
 */
public record ParameterSpec(String name, int size, boolean decayed) {

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        if (size <= 0) {
            throw new IllegalArgumentException("size must be > 0, found " + size + " for " + name);
        }
    }
}
