package io.sweepstream.producer.search;

import io.sweepstream.producer.spec.DistributionKind;
import io.sweepstream.producer.spec.ParameterSpec;

/**
 * A numeric parameter as the Parzen estimator sees it: values mapped to the space where the
 * distribution is uniform or normal (ln for the log kinds), the bounds there, and the prior.
 *
 * <ul>
 *   <li>uniform family: bounds [t(min), t(max)], prior N(midpoint, width), truncated to the bounds;
 *       int_uniform widens the bounds by 0.5 on each side so every integer gets the same width</li>
 *   <li>normal family: unbounded, prior N(mu, sigma), the spec's own distribution</li>
 * </ul>
 *
 * @param low        lower bound in the transformed space, or -infinity
 * @param high       upper bound, or +infinity
 * @param priorMu    the prior's mean in the transformed space
 * @param priorSigma the prior's spread; also the widest kernel
 */
record NumericAxis(ParameterSpec.Distribution distribution, double low, double high, double priorMu, double priorSigma) {

    static NumericAxis of(ParameterSpec.Distribution d) {
        DistributionKind kind = d.kind();
        if (kind.family() == DistributionKind.Family.NORMAL) {
            return new NumericAxis(d, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, d.mu(), d.sigma());
        }
        double low = kind.logarithmic() ? Math.log(d.min()) : d.min();
        double high = kind.logarithmic() ? Math.log(d.max()) : d.max();
        if (kind == DistributionKind.INT_UNIFORM) {
            low -= 0.5;
            high += 0.5;
        }
        return new NumericAxis(d, low, high, (low + high) / 2, high - low);
    }

    /** Whether the axis has any width (a spec may pin a parameter with min = max or sigma = 0). */
    boolean degenerate() {
        return !(priorSigma > 0);
    }

    boolean bounded() {
        return Double.isFinite(low);
    }

    /** A run's value in the transformed space, or NaN when it cannot be there (not positive on a log axis). */
    double toAxis(double value) {
        if (!distribution.kind().logarithmic()) {
            return value;
        }
        return value > 0 ? Math.log(value) : Double.NaN;
    }

    /**
     * The value a point of the axis stands for, as a random draw would give it: exp for log kinds,
     * rounded for int_uniform and the q_ kinds (Sampler's formulas), clamped to [min, max] for the
     * uniform family except after q-rounding (random search does not clamp there either).
     */
    double toValue(double t) {
        ParameterSpec.Distribution d = distribution;
        double x = d.kind().logarithmic() ? Math.exp(t) : t;
        return switch (d.kind()) {
            case INT_UNIFORM -> clamp(Math.round(x), d.min(), d.max());
            case Q_UNIFORM, Q_LOG_UNIFORM_VALUES -> Math.round(x / d.q()) * d.q();
            case UNIFORM, LOG_UNIFORM_VALUES -> clamp(x, d.min(), d.max());
            case NORMAL, LOG_NORMAL -> x;
        };
    }

    private static double clamp(double x, double min, double max) {
        return Math.max(min, Math.min(max, x));
    }
}
