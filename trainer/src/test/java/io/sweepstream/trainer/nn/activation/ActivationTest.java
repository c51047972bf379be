package io.sweepstream.trainer.nn.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract shared by every activation: backward is the derivative of forward, in place or not. */
class ActivationTest {

    @ParameterizedTest
    @EnumSource(ActivationKind.class)
    void backwardMultipliesByTheDerivativeOfForward(ActivationKind kind) {
        Activation f = kind.create();
        SplittableRandom random = new SplittableRandom(3);
        FMatrixRMaj z = new FMatrixRMaj(4, 5);
        for (int i = 0; i < z.data.length; i++) {
            // keep away from relu's kink at 0, where no derivative exists
            double v = random.nextDouble(0.05, 3) * (random.nextBoolean() ? 1 : -1);
            z.data[i] = (float) v;
        }
        FMatrixRMaj a = new FMatrixRMaj(4, 5);
        f.forward(z, a);
        FMatrixRMaj gradA = new FMatrixRMaj(4, 5);
        for (int i = 0; i < gradA.data.length; i++) {
            gradA.data[i] = (float) random.nextGaussian();
        }
        FMatrixRMaj gradZ = new FMatrixRMaj(4, 5);
        f.backward(z, a, gradA, gradZ);

        FMatrixRMaj one = new FMatrixRMaj(1, 1);
        FMatrixRMaj out = new FMatrixRMaj(1, 1);
        double h = 1e-2;
        for (int i = 0; i < z.data.length; i++) {
            // central difference of f at z_i, in float: error ~ h²·f''' + 1e-7/h, well under 2e-3
            one.data[0] = (float) (z.data[i] + h);
            f.forward(one, out);
            double up = out.data[0];
            one.data[0] = (float) (z.data[i] - h);
            f.forward(one, out);
            double down = out.data[0];
            double derivative = (up - down) / (2 * h);
            assertEquals(gradA.data[i] * derivative, gradZ.data[i], 2e-3 * Math.max(1, Math.abs(gradA.data[i])),
                    kind + " at z = " + z.data[i]);
        }

        // in place gives the same answer
        FMatrixRMaj inPlace = gradA.copy();
        f.backward(z, a, inPlace, inPlace);
        for (int i = 0; i < gradZ.data.length; i++) {
            assertEquals(gradZ.data[i], inPlace.data[i], kind + " in place");
        }
    }

    @Test
    void sigmoidSaturatesWithoutOverflow() {
        FMatrixRMaj z = new FMatrixRMaj(1, 3, true, -1000f, 0f, 1000f);
        FMatrixRMaj a = new FMatrixRMaj(1, 3);
        ActivationKind.SIGMOID.create().forward(z, a);
        assertEquals(0f, a.data[0]);
        assertEquals(0.5f, a.data[1]);
        assertEquals(1f, a.data[2]);
    }

    @Test
    void reluZeroesNegativesAndItsGradient() {
        FMatrixRMaj z = new FMatrixRMaj(1, 3, true, -2f, 0f, 3f);
        FMatrixRMaj a = new FMatrixRMaj(1, 3);
        Activation relu = ActivationKind.RELU.create();
        relu.forward(z, a);
        assertEquals(new FMatrixRMaj(1, 3, true, 0f, 0f, 3f).toString(), a.toString());
        FMatrixRMaj g = new FMatrixRMaj(1, 3, true, 1f, 1f, 1f);
        relu.backward(z, a, g, g);
        assertEquals(new FMatrixRMaj(1, 3, true, 0f, 0f, 1f).toString(), g.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "Sigmoid", "TANH", "relu", "ReLU"})
    void parsesCommandLineNamesIgnoringCase(String name) {
        assertEquals(name.toLowerCase(java.util.Locale.ROOT), ActivationKind.parse(name).cliName());
    }

    @Test
    void rejectsUnknownActivationNamingValueAndAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActivationKind.parse("gelu"));
        assertEquals("unknown activation 'gelu', allowed: identity, sigmoid, tanh, relu", e.getMessage());
    }
}
