package io.sweepstream.trainer.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Values of both losses on hand-checkable inputs; their gradients are checked in NetworkGradientCheckTest. */
class LossTest {

    private static final FMatrixRMaj UNIFORM = new FMatrixRMaj(2, 4); // all-zero logits: p = 1/4 everywhere

    @Test
    void crossEntropyOfUniformLogitsIsLogOfClassCount() {
        FMatrixRMaj probs = new FMatrixRMaj(2, 4);
        FMatrixRMaj grad = new FMatrixRMaj(2, 4);
        double loss = LossKind.CROSS_ENTROPY.create().lossAndGradient(UNIFORM, new int[] {0, 3}, probs, grad);
        // -log(1/4) per row, averaged
        assertEquals(Math.log(4), loss, 1e-6);
        assertEquals(0.25f, probs.get(1, 2), 1e-7f);
        // (p - y) / B = (0.25 - 1) / 2 and 0.25 / 2
        assertEquals(-0.375f, grad.get(0, 0), 1e-7f);
        assertEquals(0.125f, grad.get(0, 1), 1e-7f);
    }

    @Test
    void meanSquaredErrorSumsOverClassesAndAveragesOverTheBatch() {
        FMatrixRMaj probs = new FMatrixRMaj(2, 4);
        double loss = LossKind.MEAN_SQUARED_ERROR.create().lossAndGradient(UNIFORM, new int[] {0, 3}, probs, null);
        // per row: (0.25 - 1)² + 3·0.25² = 0.5625 + 0.1875 = 0.75; mean over 2 rows = 0.75
        assertEquals(0.75, loss, 1e-6);
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void staysFiniteForHugeLogits(LossKind kind) {
        FMatrixRMaj logits = new FMatrixRMaj(1, 3, true, 1e30f, -1e30f, 0f);
        FMatrixRMaj probs = new FMatrixRMaj(1, 3);
        FMatrixRMaj grad = new FMatrixRMaj(1, 3);
        double loss = kind.create().lossAndGradient(logits, new int[] {1}, probs, grad);
        assertTrue(Double.isFinite(loss), kind + " loss " + loss);
        for (float g : grad.data) {
            assertTrue(Float.isFinite(g), kind + " gradient " + g);
        }
        assertEquals(1f, probs.get(0, 0));
    }

    @Test
    void crossEntropyGradientRowsSumToZero() {
        FMatrixRMaj logits = new FMatrixRMaj(1, 3, true, 1f, 2f, -0.5f);
        FMatrixRMaj probs = new FMatrixRMaj(1, 3);
        FMatrixRMaj grad = new FMatrixRMaj(1, 3);
        for (LossKind kind : LossKind.values()) {
            kind.create().lossAndGradient(logits, new int[] {2}, probs, grad);
            // softmax is shift-invariant, so dL/dz is orthogonal to (1, 1, 1) for any loss on p
            assertEquals(0f, grad.data[0] + grad.data[1] + grad.data[2], 1e-7f, kind.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross_entropy", "Mean_Squared_Error"})
    void parsesCommandLineNamesIgnoringCase(String name) {
        assertEquals(name.toLowerCase(java.util.Locale.ROOT), LossKind.parse(name).cliName());
    }

    @Test
    void rejectsUnknownLossNamingValueAndAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossKind.parse("hinge"));
        assertEquals("unknown loss 'hinge', allowed: cross_entropy, mean_squared_error", e.getMessage());
    }
}
