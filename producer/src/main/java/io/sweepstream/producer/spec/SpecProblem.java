package io.sweepstream.producer.spec;

import java.util.Objects;

/**
 * One thing wrong with a sweep spec.
 *
 * @param path    where, as a dotted path with list indices, e.g. {@code parameters.optimizer.values[2]};
 *                {@code spec} for the document as a whole
 * @param message what was found and what is allowed
 */
public record SpecProblem(String path, String message) {
    public SpecProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
