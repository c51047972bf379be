package io.sweepstream.producer.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.producer.spec.DistributionKind;
import io.sweepstream.producer.spec.ParameterSpec.Distribution;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Each distribution stays in range and has the right mean. With N = 100,000 draws from a fixed seed,
 * the standard error of a mean is sd / sqrt(N) ≈ sd / 316; each tolerance below is about five standard
 * errors (the numbers are in the comments), so a correct sampler passes and a wrong formula does not.
 */
class SamplerTest {
    private static final int N = 100_000;

    private static double[] draws(Distribution d) {
        SplittableRandom random = new SplittableRandom(2024);
        double[] xs = new double[N];
        for (int i = 0; i < N; i++) {
            xs[i] = Sampler.sample(d, random);
        }
        return xs;
    }

    private static double mean(double[] xs, DoubleUnaryOperator f) {
        return Arrays.stream(xs).map(f).average().orElseThrow();
    }

    private static double mean(double[] xs) {
        return mean(xs, x -> x);
    }

    @Test
    void uniformStaysInRangeWithMeanAtTheMidpoint() {
        double[] xs = draws(Distribution.bounded(DistributionKind.UNIFORM, 2, 6, Double.NaN));

        assertTrue(Arrays.stream(xs).allMatch(x -> x >= 2 && x <= 6));
        assertEquals(4.0, mean(xs), 0.02); // sd = 4/sqrt(12) = 1.15, se = 0.0037
    }

    @Test
    void intUniformDrawsEveryIntegerIncludingBothEnds() {
        double[] xs = draws(Distribution.bounded(DistributionKind.INT_UNIFORM, 1, 6, Double.NaN));

        assertTrue(Arrays.stream(xs).allMatch(x -> x == Math.rint(x) && x >= 1 && x <= 6));
        for (int k = 1; k <= 6; k++) {
            int value = k;
            double frequency = Arrays.stream(xs).filter(x -> x == value).count() / (double) N;
            assertEquals(1.0 / 6, frequency, 0.006); // se = sqrt(p(1-p)/N) = 0.0012
        }
        assertEquals(3.5, mean(xs), 0.03); // sd = 1.71, se = 0.0054
    }

    @Test
    void logUniformValuesIsUniformInLogSpace() {
        double[] xs = draws(Distribution.bounded(DistributionKind.LOG_UNIFORM_VALUES, 1e-4, 1e-2, Double.NaN));

        assertTrue(Arrays.stream(xs).allMatch(x -> x >= 1e-4 && x <= 1e-2));
        // ln x ~ U(ln 1e-4, ln 1e-2): mean ln 1e-3, sd = ln(100)/sqrt(12) = 1.33, se = 0.0042
        assertEquals(Math.log(1e-3), mean(xs, Math::log), 0.02);
        // E[x] = (max - min) / (ln max - ln min) = 0.0021497; sd 0.0025, se 7.9e-6
        assertEquals((1e-2 - 1e-4) / Math.log(100), mean(xs), 4e-5);
        // 1e-3 is the geometric midpoint of the bounds: half the draws fall below it (se 0.0016).
        assertEquals(0.5, Arrays.stream(xs).filter(x -> x < 1e-3).count() / (double) N, 0.008);
    }

    @Test
    void qUniformRoundsToMultiplesOfQ() {
        double[] xs = draws(Distribution.bounded(DistributionKind.Q_UNIFORM, 0, 1, 0.25));

        assertTrue(Arrays.stream(xs).allMatch(x -> x >= 0 && x <= 1 && Math.abs(x / 0.25 - Math.rint(x / 0.25)) < 1e-12));
        // round(U(0,1)/q)*q is symmetric about 0.5; the ends get half the weight of inner values.
        assertEquals(0.5, mean(xs), 0.01); // sd 0.3, se 0.001
        assertEquals(0.125, Arrays.stream(xs).filter(x -> x == 0).count() / (double) N, 0.005);
    }

    @Test
    void qLogUniformValuesRoundsLogUniformDraws() {
        double[] xs = draws(Distribution.bounded(DistributionKind.Q_LOG_UNIFORM_VALUES, 1, 1000, 1));

        assertTrue(Arrays.stream(xs).allMatch(x -> x == Math.rint(x) && x >= 1 && x <= 1000));
        // E[x] before rounding = 999 / ln 1000 = 144.6; sd 227, se 0.72; rounding shifts it by < 0.5
        assertEquals(999 / Math.log(1000), mean(xs), 3.0);
    }

    @Test
    void normalHasItsMeanAndStandardDeviation() {
        double[] xs = draws(Distribution.normal(DistributionKind.NORMAL, 3, 2));
        double mean = mean(xs);
        double sd = Math.sqrt(mean(xs, x -> (x - mean) * (x - mean)));

        assertEquals(3.0, mean, 0.03); // se = 2/316 = 0.0063
        assertEquals(2.0, sd, 0.03);   // se of sd ≈ sigma/sqrt(2N) = 0.0045
        assertTrue(Arrays.stream(xs).allMatch(Double::isFinite));
    }

    @Test
    void logNormalIsTheExponentialOfANormal() {
        double[] xs = draws(Distribution.normal(DistributionKind.LOG_NORMAL, 0, 0.5));

        assertTrue(Arrays.stream(xs).allMatch(x -> x > 0));
        assertEquals(0.0, mean(xs, Math::log), 0.01);      // ln x ~ N(0, 0.5): se 0.0016
        assertEquals(Math.exp(0.125), mean(xs), 0.01);     // E[x] = exp(mu + sigma²/2) = 1.133; sd 0.60, se 0.0019
    }

    @Test
    void drawsTheSameValuesFromTheSameSeed() {
        Distribution d = Distribution.normal(DistributionKind.NORMAL, 0, 1);
        assertEquals(Arrays.toString(draws(d)), Arrays.toString(draws(d)));
    }
}
