package io.sweepstream.producer.search;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A one-dimensional Parzen density as in Bergstra et al. (2011): an equal-weight mixture of Gaussians,
 * one at each observation and one at the prior, each truncated to the axis bounds.
 *
 * <p>Bandwidths adapt to the data: a kernel is as wide as the larger gap to its neighbours (sorted,
 * the bounds standing in at the ends), clipped to [prior sigma / min(100, n + 1), prior sigma], so
 * dense regions get narrow kernels and a lone point a wide one. The prior kernel keeps the width of
 * the prior, which keeps every region of the domain reachable.
 */
final class ParzenMixture {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    /** Rejection draws from a truncated kernel before falling back to a uniform draw inside the bounds. */
    private static final int MAX_REJECTIONS = 64;

    private final NumericAxis axis;
    private final double[] mus;
    private final double[] sigmas;
    /** ln of each kernel's normalising factor, 1 / (n · sqrt(2π) · σ_i · mass_i), mass_i its mass inside the bounds. */
    private final double[] logNorm;

    /** @param points observations in the axis' transformed space (NaN entries are ignored) */
    ParzenMixture(NumericAxis axis, double[] points) {
        this.axis = axis;
        double[] observed = Arrays.stream(points).filter(Double::isFinite).toArray();
        int n = observed.length + 1;
        mus = new double[n];
        sigmas = new double[n];
        System.arraycopy(observed, 0, mus, 0, observed.length);
        mus[n - 1] = axis.priorMu();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(mus[a], mus[b]));
        double minSigma = axis.priorSigma() / Math.min(100.0, n);
        for (int rank = 0; rank < n; rank++) {
            int i = order[rank];
            double left = rank > 0 ? mus[i] - mus[order[rank - 1]] : (axis.bounded() ? mus[i] - axis.low() : 0);
            double right = rank < n - 1 ? mus[order[rank + 1]] - mus[i] : (axis.bounded() ? axis.high() - mus[i] : 0);
            sigmas[i] = Math.max(minSigma, Math.min(axis.priorSigma(), Math.max(left, right)));
        }
        sigmas[n - 1] = axis.priorSigma();
        logNorm = new double[n];
        for (int i = 0; i < n; i++) {
            double mass = axis.bounded()
                    ? Normal.cdf((axis.high() - mus[i]) / sigmas[i]) - Normal.cdf((axis.low() - mus[i]) / sigmas[i])
                    : 1.0;
            logNorm[i] = -Math.log(n) - LOG_SQRT_2PI - Math.log(sigmas[i]) - Math.log(Math.max(mass, 1e-300));
        }
    }

    /** ln of the density at {@code t}: ln( (1/n) Σ_i φ((t - μ_i)/σ_i) / (σ_i · mass_i) ), by log-sum-exp. */
    double logDensity(double t) {
        int n = mus.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logKernel(i, t));
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(logKernel(i, t) - max);
        }
        return max + Math.log(sum);
    }

    private double logKernel(int i, double t) {
        double z = (t - mus[i]) / sigmas[i];
        return -0.5 * z * z + logNorm[i];
    }

    /** One draw: a kernel chosen uniformly, then a Gaussian draw from it, redrawn until inside the bounds. */
    double sample(SplittableRandom random) {
        int i = random.nextInt(mus.length);
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            double t = mus[i] + sigmas[i] * Normal.standard(random);
            if (t >= axis.low() && t <= axis.high()) {
                return t;
            }
        }
        // The kernel's mass inside the bounds is tiny: any point inside will do.
        return axis.low() + (axis.high() - axis.low()) * random.nextDouble();
    }
}
