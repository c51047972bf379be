package io.sweepstream.producer.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The W&B sweep distributions we support, by their spec names. Which parameters each one reads:
 * the uniform family {@code min}/{@code max}, the normal family {@code mu}/{@code sigma}, the
 * {@code q_} family also {@code q}.
 */
public enum DistributionKind {
    /** U(min, max). */
    UNIFORM(Family.UNIFORM, false, false),
    /** An integer drawn uniformly from min..max, both ends included. */
    INT_UNIFORM(Family.UNIFORM, false, false),
    /** exp(U(ln min, ln max)): uniform in log space, bounds given as values. */
    LOG_UNIFORM_VALUES(Family.UNIFORM, true, false),
    /** round(U(min, max) / q) * q. */
    Q_UNIFORM(Family.UNIFORM, false, true),
    /** round(exp(U(ln min, ln max)) / q) * q. */
    Q_LOG_UNIFORM_VALUES(Family.UNIFORM, true, true),
    /** N(mu, sigma). */
    NORMAL(Family.NORMAL, false, false),
    /** exp(N(mu, sigma)). */
    LOG_NORMAL(Family.NORMAL, true, false);

    /** Which bounds a distribution is described by. */
    public enum Family { UNIFORM, NORMAL }

    private final Family family;
    private final boolean logarithmic;
    private final boolean quantised;

    DistributionKind(Family family, boolean logarithmic, boolean quantised) {
        this.family = family;
        this.logarithmic = logarithmic;
        this.quantised = quantised;
    }

    public Family family() {
        return family;
    }

    /** Whether samples are exp(...) of something, hence always > 0. */
    public boolean logarithmic() {
        return logarithmic;
    }

    /** Whether samples are rounded to a multiple of {@code q}. */
    public boolean quantised() {
        return quantised;
    }

    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DistributionKind> fromSpecName(String text) {
        return Arrays.stream(values()).filter(k -> k.specName().equals(text)).findFirst();
    }

    static String allowed() {
        return Arrays.stream(values()).map(DistributionKind::specName).collect(Collectors.joining(", "));
    }
}
