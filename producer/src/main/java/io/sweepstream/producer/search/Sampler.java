package io.sweepstream.producer.search;

import io.sweepstream.producer.spec.ParameterSpec;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws values from W&B-style distributions and categorical lists. Every formula is written out
 * here (rather than relying on library samplers) so draws are identical on every JDK.
 */
public final class Sampler {
    private Sampler() {
    }

    /**
     * One value of {@code parameter}: a fixed value as is, a category by its probabilities, else a draw of
     * its distribution (a double; RunConfig makes it an Integer for integer hyperparameters, whose draws
     * are integral).
     */
    public static Object value(ParameterSpec parameter, SplittableRandom random) {
        if (parameter instanceof ParameterSpec.Fixed fixed) {
            return fixed.value();
        }
        if (parameter instanceof ParameterSpec.Categorical categorical) {
            return categorical.values().get(sampleIndex(categorical, random));
        }
        return sample((ParameterSpec.Distribution) parameter, random);
    }

    /**
     * One draw from {@code d}:
     * <ul>
     *   <li>uniform: U(min, max)</li>
     *   <li>int_uniform: an integer in min..max, both included</li>
     *   <li>log_uniform_values: exp(U(ln min, ln max))</li>
     *   <li>q_uniform: round(U(min, max) / q) * q</li>
     *   <li>q_log_uniform_values: round(exp(U(ln min, ln max)) / q) * q</li>
     *   <li>normal: N(mu, sigma) by Box–Muller</li>
     *   <li>log_normal: exp(N(mu, sigma))</li>
     * </ul>
     * Continuous uniform-family draws are clamped to [min, max] so floating-point rounding in
     * exp/ln cannot step outside bounds the spec validated. {@code round} is {@link Math#round} (half up).
     */
    public static double sample(ParameterSpec.Distribution d, SplittableRandom random) {
        return switch (d.kind()) {
            case UNIFORM -> uniform(d.min(), d.max(), random);
            case INT_UNIFORM -> random.nextLong((long) d.min(), (long) d.max() + 1);
            case LOG_UNIFORM_VALUES -> logUniform(d.min(), d.max(), random);
            case Q_UNIFORM -> quantise(uniform(d.min(), d.max(), random), d.q());
            case Q_LOG_UNIFORM_VALUES -> quantise(logUniform(d.min(), d.max(), random), d.q());
            case NORMAL -> d.mu() + d.sigma() * standardNormal(random);
            case LOG_NORMAL -> Math.exp(d.mu() + d.sigma() * standardNormal(random));
        };
    }

    /**
     * The index of one value drawn from {@code c}: uniformly, or by its probabilities when given.
     * The draw is scaled by the probabilities' actual sum, which validation allows to be 1 ± 1e-6.
     */
    public static int sampleIndex(ParameterSpec.Categorical c, SplittableRandom random) {
        if (c.probabilities().isEmpty()) {
            return random.nextInt(c.values().size());
        }
        List<Double> probabilities = c.probabilities().get();
        double sum = probabilities.stream().mapToDouble(Double::doubleValue).sum();
        double u = random.nextDouble() * sum;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < probabilities.size(); i++) {
            if (probabilities.get(i) > 0) {
                cumulative += probabilities.get(i);
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        return last; // u landed on the sum itself through rounding: the last value with weight
    }

    private static double uniform(double min, double max, SplittableRandom random) {
        return clamp(min + (max - min) * random.nextDouble(), min, max);
    }

    private static double logUniform(double min, double max, SplittableRandom random) {
        double logMin = Math.log(min);
        double logMax = Math.log(max);
        return clamp(Math.exp(logMin + (logMax - logMin) * random.nextDouble()), min, max);
    }

    private static double quantise(double x, double q) {
        return Math.round(x / q) * q;
    }

    /** Box–Muller: sqrt(-2 ln u1) · cos(2π u2) with u1 in (0, 1], so the log is finite. */
    private static double standardNormal(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static double clamp(double x, double min, double max) {
        return Math.max(min, Math.min(max, x));
    }
}
