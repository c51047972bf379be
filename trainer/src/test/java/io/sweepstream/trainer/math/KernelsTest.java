package io.sweepstream.trainer.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels against the scalar reference: the same bits for every loop except the transcendental ones
 * (sigmoid, tanh forward), which must agree within a few ulps. Lengths are chosen to leave scalar tails.
 */
class KernelsTest {

    private static final int ROWS = 7;
    private static final int COLS = 37;
    private final Random random = new Random(5);
    private Kernels vector;

    @BeforeEach
    void requireVectorKernels() {
        vector = Kernels.get();
        assumeTrue(vector != Kernels.scalar(), "vector kernels unavailable (module jdk.incubator.vector not loaded)");
    }

    private float[] gaussian(int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (scale * random.nextGaussian());
        }
        return x;
    }

    /** Runs {@code op} on copies of {@code inputs} with each kernel set and compares every array bit for bit. */
    private void sameBits(float[][] inputs, java.util.function.BiConsumer<Kernels, float[][]> op) {
        float[][] s = deepCopy(inputs);
        float[][] v = deepCopy(inputs);
        op.accept(Kernels.scalar(), s);
        op.accept(vector, v);
        for (int k = 0; k < s.length; k++) {
            assertArrayEquals(s[k], v[k], "array " + k);
        }
    }

    private static float[][] deepCopy(float[][] x) {
        float[][] c = new float[x.length][];
        for (int k = 0; k < x.length; k++) {
            c[k] = x[k].clone();
        }
        return c;
    }

    @Test
    void optimizerUpdatesMatchTheScalarLoopsBitForBit() {
        int n = 203;
        float[][] state = {gaussian(n, 1), gaussian(n, 0.1), gaussian(n, 0.01), new float[n]};
        for (int i = 0; i < n; i++) {
            state[3][i] = Math.abs(gaussian(1, 0.01)[0]);
        }
        sameBits(state, (k, a) -> k.sgd(a[0], a[1], 5e-4f, 1e-2f));
        sameBits(state, (k, a) -> k.momentum(a[0], a[1], a[2], 5e-4f, 1e-3f, 0.9f));
        sameBits(state, (k, a) -> k.nesterov(a[0], a[1], a[2], 0f, 1e-3f, 0.9f));
        sameBits(state, (k, a) -> k.rmsprop(a[0], a[1], a[3], 5e-4f, 1e-3f, 0.9f, 1e-8f));
        sameBits(state, (k, a) -> k.adam(a[0], a[1], a[2], a[3], 5e-4f, 1e-3f, 0.9f, 0.999f, 0.19f, 0.002f, 1e-8f));
        sameBits(state, (k, a) -> k.nadam(a[0], a[1], a[2], a[3], 0f, 1e-3f, 0.9f, 0.999f, 0.271f, 0.19f, 0.002f, 1e-8f));
    }

    @Test
    void layerLoopsAndReluMatchTheScalarLoopsBitForBit() {
        int n = ROWS * COLS;
        float[][] arrays = {gaussian(n, 1), gaussian(COLS, 1), new float[n], gaussian(n, 1), new float[COLS]};
        sameBits(arrays, (k, a) -> k.addRowVector(a[0], a[1], ROWS, COLS));
        sameBits(arrays, (k, a) -> k.sumRows(a[0], a[4], ROWS, COLS));
        sameBits(arrays, (k, a) -> k.relu(a[0], a[1], a[2], ROWS, COLS));
        sameBits(arrays, (k, a) -> k.relu(a[0], null, a[2], ROWS, COLS));
        sameBits(arrays, (k, a) -> k.reluBackward(a[0], a[3], a[2], n));
        sameBits(arrays, (k, a) -> k.sigmoidBackward(a[0], a[3], a[2], n));
        sameBits(arrays, (k, a) -> k.tanhBackward(a[0], a[3], a[3], n));
    }

    @Test
    void pixelsScaleToTheSameFloats() {
        byte[] pixels = new byte[300];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        float[] s = new float[290];
        float[] v = new float[290];
        Kernels.scalar().scaleBytes(pixels, 3, s, 1, 289, 1f / 255f);
        vector.scaleBytes(pixels, 3, v, 1, 289, 1f / 255f);
        assertArrayEquals(s, v);
        assertEquals(255 / 255f, v[255 - 3 + 1]);
    }

    @Test
    void sigmoidAndTanhAgreeWithinAFewUlps() {
        int n = ROWS * COLS;
        float[] z = gaussian(n, 6);
        z[0] = -100f;
        z[1] = 100f;
        float[] b = gaussian(COLS, 1);
        check(z, b, (k) -> k.sigmoid(z.clone(), b, outS, ROWS, COLS), (k) -> k.sigmoid(z.clone(), b, outV, ROWS, COLS));
        check(z, b, (k) -> k.tanh(z.clone(), b, outS, ROWS, COLS), (k) -> k.tanh(z.clone(), b, outV, ROWS, COLS));
    }

    private final float[] outS = new float[ROWS * COLS];
    private final float[] outV = new float[ROWS * COLS];

    private void check(float[] z, float[] b, Consumer<Kernels> scalarOp, Consumer<Kernels> vectorOp) {
        scalarOp.accept(Kernels.scalar());
        vectorOp.accept(vector);
        for (int i = 0; i < outS.length; i++) {
            assertEquals(outS[i], outV[i], 4 * Math.ulp(Math.max(Math.abs(outS[i]), 1e-30f)) + 1e-7f, "element " + i);
        }
    }
}
