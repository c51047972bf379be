package io.sweepstream.producer.search;

import java.util.SplittableRandom;

/** The standard normal distribution: draws and the CDF, written out so results match on every JDK. */
final class Normal {
    private Normal() {
    }

    /** Box–Muller: sqrt(-2 ln u1) · cos(2π u2) with u1 in (0, 1], so the log is finite. */
    static double standard(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Φ(z) = erfc(-z/√2) / 2. */
    static double cdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /**
     * The complementary error function by the Chebyshev fit in Numerical Recipes (erfcc): relative
     * error below 1.2e-7 everywhere, ample for kernel masses.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}
