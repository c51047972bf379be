package io.sweepstream.producer.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code method} of a sweep, spelled as in W&B sweep configurations. */
public enum SearchMethod {
    GRID, RANDOM, BAYES;

    /** The spelling in a spec file. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The method spelled {@code text} (case-insensitive), or empty. */
    public static Optional<SearchMethod> fromSpecName(String text) {
        return Arrays.stream(values()).filter(m -> m.specName().equalsIgnoreCase(text)).findFirst();
    }

    static String allowed() {
        return Arrays.stream(values()).map(SearchMethod::specName).collect(Collectors.joining(", "));
    }
}
