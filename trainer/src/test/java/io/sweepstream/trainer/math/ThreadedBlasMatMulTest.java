package io.sweepstream.trainer.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The threaded contract on the blas backend. OpenBLAS may choose other kernels for a band than for the whole
 * product, so only rounding-level agreement is promised.
 */
class ThreadedBlasMatMulTest extends ThreadedMatMulContractTest {

    @Override
    protected Backends.Kind kind() {
        return Backends.Kind.BLAS;
    }

    @Override
    protected void assertAgrees(float[] oneThread, float[] threeThreads, String product) {
        assertArrayEquals(oneThread, threeThreads, 1e-4f, product);
    }
}
