package io.sweepstream.producer.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The datasets a sweep can train on. */
public enum Dataset {
    FASHION_MNIST, MNIST;

    /** The spelling in a spec file: {@code fashion_mnist}, {@code mnist}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The dataset spelled {@code text} (case-insensitive; {@code fashion-mnist} also accepted), or empty. */
    public static Optional<Dataset> fromSpecName(String text) {
        String normalised = text.replace('-', '_');
        return Arrays.stream(values()).filter(d -> d.specName().equalsIgnoreCase(normalised)).findFirst();
    }

    static String allowed() {
        return Arrays.stream(values()).map(Dataset::specName).collect(Collectors.joining(", "));
    }
}
