package io.sweepstream.trainer.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first steps of every optimizer against values worked out by hand. Setup shared by all: a weight w = 1
 * (decayed) and a bias b = 1 (not decayed), both with the constant raw gradient 0.5; lr = 0.1, weight decay
 * λ = 0.1, μ = 0.9, β = 0.9, β1 = 0.9, β2 = 0.999, ε = 1e-8. The weight's gradient is g = 0.5 + 0.1·w, the
 * bias's is 0.5, so the two diverge from the first step exactly when decay is applied to weights only.
 * Tolerance 1e-6: the optimizers compute in float32 (relative rounding ~6e-8 per operation).
 */
class OptimizerTest {

    private static final double TOL = 1e-6;
    private static final OptimizerConfig CONFIG = new OptimizerConfig(0.1, 0.9, 0.9, 0.9, 0.999, 1e-8, 0.1);
    private static final List<ParameterSpec> SPECS =
            List.of(new ParameterSpec("w", 1, true), new ParameterSpec("b", 1, false));

    /** Runs {@code steps} steps and returns {w, b} after each one. */
    private static double[][] trajectory(OptimizerKind kind, int steps) {
        Optimizer optimizer = kind.create(CONFIG, SPECS);
        float[][] params = {{1f}, {1f}};
        float[][] grads = {{0.5f}, {0.5f}};
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            optimizer.step(params, grads);
            out[t] = new double[] {params[0][0], params[1][0]};
        }
        assertEquals(0.5f, grads[0][0], "gradients are read-only");
        return out;
    }

    private static void assertSteps(double[][] expected, double[][] actual) {
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t][0], actual[t][0], TOL, "weight after step " + (t + 1));
            assertEquals(expected[t][1], actual[t][1], TOL, "bias after step " + (t + 1));
        }
    }

    @Test
    void sgdSubtractsLearningRateTimesDecayedGradient() {
        // step 1: w: g = 0.5 + 0.1·1 = 0.6, w = 1 - 0.1·0.6 = 0.94;        b = 1 - 0.1·0.5 = 0.95
        // step 2: w: g = 0.5 + 0.1·0.94 = 0.594, w = 0.94 - 0.0594 = 0.8806; b = 0.95 - 0.05 = 0.90
        assertSteps(new double[][] {{0.94, 0.95}, {0.8806, 0.90}}, trajectory(OptimizerKind.SGD, 2));
    }

    @Test
    void momentumAccumulatesLearningRateScaledVelocity() {
        // v = 0.9·v + 0.1·g; w = w - v
        // step 1: w: g = 0.6, v = 0.06, w = 0.94;                       b: v = 0.05, b = 0.95
        // step 2: w: g = 0.594, v = 0.054 + 0.0594 = 0.1134, w = 0.8266; b: v = 0.045 + 0.05 = 0.095, b = 0.855
        // step 3: w: g = 0.5 + 0.08266 = 0.58266, v = 0.10206 + 0.058266 = 0.160326, w = 0.666274;
        //         b: v = 0.0855 + 0.05 = 0.1355, b = 0.7195
        assertSteps(new double[][] {{0.94, 0.95}, {0.8266, 0.855}, {0.666274, 0.7195}},
                trajectory(OptimizerKind.MOMENTUM, 3));
    }

    @Test
    void nagStepsByMomentumTimesNewVelocityPlusGradient() {
        // v = 0.9·v + 0.1·g; w = w - (0.9·v + 0.1·g)
        // step 1: w: g = 0.6, v = 0.06, w = 1 - (0.054 + 0.06) = 0.886;  b: v = 0.05, b = 1 - (0.045 + 0.05) = 0.905
        // step 2: w: g = 0.5 + 0.0886 = 0.5886, v = 0.054 + 0.05886 = 0.11286,
        //         w = 0.886 - (0.101574 + 0.05886) = 0.725566;
        //         b: v = 0.045 + 0.05 = 0.095, b = 0.905 - (0.0855 + 0.05) = 0.7695
        assertSteps(new double[][] {{0.886, 0.905}, {0.725566, 0.7695}}, trajectory(OptimizerKind.NAG, 2));
    }

    @Test
    void rmspropDividesByRootOfRunningMeanSquare() {
        // s = 0.9·s + 0.1·g²; w = w - 0.1·g / (√s + 1e-8)
        // step 1: any g: s = 0.1·g², step = 0.1·g / (√0.1·|g|) = 0.1/√0.1 = √0.1 = 0.316227766
        //         so w = b = 0.683772234 (ε shifts the 9th digit)
        // step 2: w: g = 0.5 + 0.0683772 = 0.5683772, s = 0.0324 + 0.1·0.3230527 = 0.0647053, √s = 0.2543723,
        //         step = 0.05683772 / 0.2543723 = 0.2234430, w = 0.4603292;
        //         b: s = 0.0225 + 0.025 = 0.0475, √s = 0.2179449, step = 0.05 / 0.2179449 = 0.2294157, b = 0.4543565
        assertSteps(new double[][] {{0.683772234, 0.683772234}, {0.4603292, 0.4543565}},
                trajectory(OptimizerKind.RMSPROP, 2));
    }

    @Test
    void adamCorrectsBiasOfBothMoments() {
        // m = 0.9·m + 0.1·g; v = 0.999·v + 0.001·g²; m̂ = m / (1-0.9^t); v̂ = v / (1-0.999^t); w -= 0.1·m̂ / (√v̂ + ε)
        // step 1: m̂ = g, v̂ = g², step = 0.1·g/|g| = 0.1: w = b = 0.9
        // step 2: b (g = 0.5 constant): m = 0.045 + 0.05 = 0.095, m̂ = 0.095 / 0.19 = 0.5,
        //         v = 0.00024975 + 0.00025 = 0.00049975, v̂ = 0.00049975 / 0.001999 = 0.25, step 0.1·0.5/0.5: b = 0.8
        //         w: g = 0.5 + 0.09 = 0.59, m = 0.054 + 0.059 = 0.113, m̂ = 0.5947368,
        //         v = 0.00035964 + 0.0003481 = 0.00070774, v̂ = 0.3540470, √v̂ = 0.5950185,
        //         step = 0.1·0.5947368 / 0.5950185 = 0.0999527, w = 0.8000473
        assertSteps(new double[][] {{0.9, 0.9}, {0.8000473, 0.8}}, trajectory(OptimizerKind.ADAM, 2));
    }

    @Test
    void nadamLooksAheadWithDozatsBiasCorrections() {
        // m, v as Adam; m̄ = 0.9·m / (1-0.9^(t+1)) + 0.1·g / (1-0.9^t); w -= 0.1·m̄ / (√(v / (1-0.999^t)) + ε)
        // step 1: m = 0.1·g, m̄ = 0.09·g / 0.19 + g = 1.4736842·g, √v̂ = |g|, step = 0.14736842: w = b = 0.8526316
        // step 2: b (g = 0.5): m = 0.095, m̄ = 0.0855 / 0.271 + 0.05 / 0.19 = 0.3154982 + 0.2631579 = 0.5786561,
        //         √v̂ = 0.5, step = 0.1·0.5786561 / 0.5 = 0.1157312, b = 0.7369004
        //         w: g = 0.5 + 0.08526316 = 0.58526316, m = 0.054 + 0.05852632 = 0.11252632,
        //         m̄ = 0.10127368 / 0.271 + 0.05852632 / 0.19 = 0.3737036 + 0.3080332 = 0.6817368,
        //         v = 0.00035964 + 0.00034253 = 0.00070217, v̂ = 0.3512612, √v̂ = 0.5926729,
        //         step = 0.1·0.6817368 / 0.5926729 = 0.1150275, w = 0.7376041
        assertSteps(new double[][] {{0.8526316, 0.8526316}, {0.7376041, 0.7369004}},
                trajectory(OptimizerKind.NADAM, 2));
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void withoutWeightDecayWeightsAndBiasesMoveAlike(OptimizerKind kind) {
        OptimizerConfig noDecay = new OptimizerConfig(0.1, 0.9, 0.9, 0.9, 0.999, 1e-8, 0.0);
        Optimizer optimizer = kind.create(noDecay, SPECS);
        float[][] params = {{1f}, {1f}};
        float[][] grads = {{0.5f}, {0.5f}};
        for (int t = 0; t < 3; t++) {
            optimizer.step(params, grads);
        }
        assertEquals(params[0][0], params[1][0]);
        assertTrue(params[0][0] < 1f, "moves against the gradient");
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void updatesEveryElementOfATensorIndependently(OptimizerKind kind) {
        Optimizer optimizer = kind.create(CONFIG, List.of(new ParameterSpec("w", 2, false)));
        float[][] params = {{1f, -1f}};
        optimizer.step(params, new float[][] {{0.5f, -0.5f}});
        // same magnitude, mirrored sign: the update must be mirrored too
        assertEquals(-params[0][0], params[0][1]);
    }

    @Test
    void rejectsTensorsThatDoNotMatchItsSpecs() {
        Optimizer optimizer = OptimizerKind.ADAM.create(CONFIG, SPECS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> optimizer.step(new float[][] {{1f}, {1f, 2f}}, new float[][] {{1f}, {1f, 2f}}));
        assertTrue(e.getMessage().contains("b"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "Momentum", "NAG", "rmsprop", " adam ", "NAdam"})
    void parsesCommandLineNamesIgnoringCase(String name) {
        assertEquals(name.trim().toLowerCase(java.util.Locale.ROOT), OptimizerKind.parse(name).cliName());
    }

    @Test
    void rejectsUnknownOptimizerNamingValueAndAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse("adagrad"));
        assertEquals("unknown optimizer 'adagrad', allowed: sgd, momentum, nag, rmsprop, adam, nadam", e.getMessage());
    }

    @Test
    void rejectsNegativeLearningRateNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OptimizerConfig(-1, 0.9, 0.9, 0.9, 0.999, 1e-8, 0));
        assertEquals("learningRate must be > 0, found -1.0", e.getMessage());
    }

    @Test
    void updatesTheCallersArraysInPlace() {
        Optimizer optimizer = OptimizerKind.NADAM.create(CONFIG, SPECS);
        float[] w = {1f};
        float[][] params = {w, {1f}};
        optimizer.step(params, new float[][] {{0.5f}, {0.5f}});
        assertArrayEquals(new float[] {params[0][0]}, w, "updated in place");
    }
}
