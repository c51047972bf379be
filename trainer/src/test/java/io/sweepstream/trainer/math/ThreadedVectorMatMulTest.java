package io.sweepstream.trainer.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The threaded contract on the vector backend: each band runs the same kernel as the whole product, so the same bits. */
class ThreadedVectorMatMulTest extends ThreadedMatMulContractTest {

    @Override
    protected Backends.Kind kind() {
        return Backends.Kind.VECTOR;
    }

    @Override
    protected void assertAgrees(float[] oneThread, float[] threeThreads, String product) {
        assertArrayEquals(oneThread, threeThreads, product);
    }
}
