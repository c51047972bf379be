package io.sweepstream.trainer.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.trainer.math.MatMul;
import io.sweepstream.trainer.nn.layer.DenseLayer;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Statistical checks on a 784 × 128 layer (N = 100,352 draws, seed fixed). The sample variance's relative standard
 * error is √(2/N) = 0.45% for a normal and √(0.8/N) = 0.28% for a uniform (excess kurtosis -1.2), so a 3% tolerance
 * is more than 6 standard errors: it cannot fail by chance, yet catches a wrong scale (e.g. 1/fanIn instead of
 * 2/fanIn is off by 50%). The mean must be within 5 standard errors σ/√N of 0.
 */
class InitializerTest {

    private static final int FAN_IN = 784;
    private static final int FAN_OUT = 128;

    @ParameterizedTest(name = "{0} has variance {1}")
    @CsvSource({
        "random, 1e-4",                 // σ = 0.01
        "xavier, 0.0021929824561403", // 2 / (784 + 128)
        "he,     0.0025510204081633"  // 2 / 784
    })
    void drawsWeightsWithTheDocumentedVariance(String name, double expectedVariance) {
        float[] w = new float[FAN_IN * FAN_OUT];
        InitKind.parse(name).create().initialize(w, FAN_IN, FAN_OUT, new SplittableRandom(7));
        double mean = 0;
        for (float v : w) {
            mean += v;
        }
        mean /= w.length;
        double var = 0;
        for (float v : w) {
            var += (v - mean) * (v - mean);
        }
        var /= w.length - 1;
        assertEquals(expectedVariance, var, 0.03 * expectedVariance, name + " variance");
        assertTrue(Math.abs(mean) < 5 * Math.sqrt(expectedVariance / w.length), name + " mean " + mean);
    }

    @Test
    void xavierStaysInsideItsUniformBounds() {
        float[] w = new float[FAN_IN * FAN_OUT];
        InitKind.XAVIER.create().initialize(w, FAN_IN, FAN_OUT, new SplittableRandom(7));
        double a = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
        double max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= a, "max |w| " + max + " > " + a);
        assertTrue(max > 0.99 * a, "fills the interval, max |w| " + max);
    }

    @Test
    void layersStartWithZeroBiases() {
        DenseLayer layer = new DenseLayer(3, 4, MatMul.ejml());
        layer.bias().fill(5f);
        layer.initialize(InitKind.HE.create(), new SplittableRandom(1));
        for (int j = 0; j < 4; j++) {
            assertEquals(0f, layer.bias().get(0, j));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "Xavier", "HE"})
    void parsesCommandLineNamesIgnoringCase(String name) {
        assertEquals(name.toLowerCase(java.util.Locale.ROOT), InitKind.parse(name).cliName());
    }

    @Test
    void rejectsUnknownInitNamingValueAndAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InitKind.parse("glorot"));
        assertEquals("unknown weight init 'glorot', allowed: random, xavier, he", e.getMessage());
    }
}
