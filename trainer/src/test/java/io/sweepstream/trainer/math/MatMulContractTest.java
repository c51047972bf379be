package io.sweepstream.trainer.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/** What every {@link MatMul} backend must do; extend once per implementation. */
abstract class MatMulContractTest {

    protected abstract MatMul matMul();

    private final Random random = new Random(11);

    private FMatrixRMaj randomMatrix(int rows, int cols) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (float) random.nextGaussian();
        }
        return m;
    }

    // reference: triple loop in double; op(a)[i][p] and op(b)[p][j] read with or without transposition
    private static void assertProduct(FMatrixRMaj a, boolean transA, FMatrixRMaj b, boolean transB, FMatrixRMaj c) {
        int inner = transA ? a.numRows : a.numCols;
        for (int i = 0; i < c.numRows; i++) {
            for (int j = 0; j < c.numCols; j++) {
                double sum = 0;
                for (int p = 0; p < inner; p++) {
                    sum += (double) (transA ? a.get(p, i) : a.get(i, p)) * (transB ? b.get(j, p) : b.get(p, j));
                }
                // float accumulation of `inner` products of N(0,1) values: error ~ √inner·ulp, 1e-4·√inner is ample
                assertEquals(sum, c.get(i, j), 1e-4 * Math.sqrt(inner) * Math.max(1, Math.abs(sum)), "c[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void multipliesOnTheShapesOfTheMlp() {
        // a batch of 33 (odd on purpose) through 70 → 20 units, with a narrow (3) and a wide (20) output
        for (int n : new int[] {3, 20}) {
            FMatrixRMaj a = randomMatrix(33, 70);
            FMatrixRMaj b = randomMatrix(70, n);
            FMatrixRMaj c = new FMatrixRMaj(33, n);
            matMul().mult(a, b, c);
            assertProduct(a, false, b, false, c);
        }
    }

    @Test
    void multipliesWithTheFirstOperandTransposed() {
        FMatrixRMaj a = randomMatrix(33, 70);
        FMatrixRMaj b = randomMatrix(33, 20);
        FMatrixRMaj c = new FMatrixRMaj(70, 20);
        matMul().multTransA(a, b, c);
        assertProduct(a, true, b, false, c);
    }

    @Test
    void multipliesWithTheSecondOperandTransposed() {
        FMatrixRMaj a = randomMatrix(33, 20);
        FMatrixRMaj b = randomMatrix(70, 20);
        FMatrixRMaj c = new FMatrixRMaj(33, 70);
        matMul().multTransB(a, b, c);
        assertProduct(a, false, b, true, c);
    }

    @Test
    void coversEveryBlockAndRemainderOfTheKernels() {
        // 4-row blocks plus 3 leftover rows; 2-vector, 1-vector and scalar column blocks for 8- and 16-float vectors;
        // an inner length that is not a multiple of any vector length
        int m = 67;
        int k = 45;
        for (int n : new int[] {1, 8, 16, 40, 57}) {
            FMatrixRMaj a = randomMatrix(m, k);
            FMatrixRMaj b = randomMatrix(k, n);
            FMatrixRMaj c = new FMatrixRMaj(m, n);
            c.fill(Float.NaN);
            matMul().mult(a, b, c);
            assertProduct(a, false, b, false, c);

            FMatrixRMaj at = randomMatrix(k, m);
            c.fill(Float.NaN);
            matMul().multTransA(at, b, c);
            assertProduct(at, true, b, false, c);

            FMatrixRMaj bt = randomMatrix(n, k);
            c.fill(Float.NaN);
            matMul().multTransB(a, bt, c);
            assertProduct(a, false, bt, true, c);
        }
    }

    @Test
    void overwritesAReshapedOutputWithoutReallocating() {
        FMatrixRMaj c = new FMatrixRMaj(64, 10);
        c.fill(99f);
        float[] backing = c.data;
        FMatrixRMaj a = randomMatrix(7, 5);
        FMatrixRMaj b = randomMatrix(5, 10);
        c.reshape(7, 10);
        matMul().mult(a, b, c);
        assertSame(backing, c.data);
        assertProduct(a, false, b, false, c);
    }

    @Test
    void rejectsAnOutputOfTheWrongShape() {
        assertThrows(IllegalArgumentException.class,
                () -> matMul().mult(randomMatrix(2, 3), randomMatrix(3, 4), new FMatrixRMaj(2, 5)));
        assertThrows(IllegalArgumentException.class,
                () -> matMul().multTransA(randomMatrix(2, 3), randomMatrix(4, 4), new FMatrixRMaj(3, 4)));
    }
}
