package io.sweepstream.trainer.math;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link MatMul} contract on a backend split over 3 threads (uneven bands), and the threaded products against
 * the same backend on one thread; skipped, with the reason, where the backend cannot load. Extend once per backend,
 * saying how closely its bands must agree with the whole product.
 */
abstract class ThreadedMatMulContractTest extends MatMulContractTest {

    private MatMul threaded;

    /** The backend to split. */
    protected abstract Backends.Kind kind();

    /** Fails unless one thread's product and the threaded one agree as closely as this backend promises. */
    protected abstract void assertAgrees(float[] oneThread, float[] threeThreads, String product);

    @BeforeEach
    void requireBackend() {
        MatMul base = Backends.get(kind());
        assumeTrue(base != null, () -> kind() + " backend unavailable: " + Backends.unavailable().get(kind()));
        threaded = ThreadedMatMul.of(base, 3);
    }

    @AfterEach
    void closeHelpers() {
        if (threaded != null) {
            ThreadedMatMul.closeIfThreaded(threaded);
        }
    }

    @Override
    protected MatMul matMul() {
        return threaded;
    }

    @Test
    void agreesWithOneThreadOnEveryProduct() {
        MatMul one = Backends.get(kind());
        // large enough to pass ThreadedMatMul.MIN_FLOPS, so that the products really split
        Random random = new Random(3);
        FMatrixRMaj a = new FMatrixRMaj(70, 300);
        FMatrixRMaj b = new FMatrixRMaj(300, 100);
        FMatrixRMaj d = new FMatrixRMaj(70, 100);
        for (FMatrixRMaj m : new FMatrixRMaj[] {a, b, d}) {
            for (int i = 0; i < m.data.length; i++) {
                m.data[i] = (float) random.nextGaussian();
            }
        }
        FMatrixRMaj c1 = new FMatrixRMaj(70, 100);
        FMatrixRMaj c3 = new FMatrixRMaj(70, 100);
        one.mult(a, b, c1);
        threaded.mult(a, b, c3);
        assertAgrees(c1.data, c3.data, "a·b");
        FMatrixRMaj g1 = new FMatrixRMaj(300, 100);
        FMatrixRMaj g3 = new FMatrixRMaj(300, 100);
        one.multTransA(a, d, g1);
        threaded.multTransA(a, d, g3);
        assertAgrees(g1.data, g3.data, "aᵀ·b");
        FMatrixRMaj x1 = new FMatrixRMaj(70, 300);
        FMatrixRMaj x3 = new FMatrixRMaj(70, 300);
        FMatrixRMaj w = new FMatrixRMaj(300, 100);
        System.arraycopy(b.data, 0, w.data, 0, w.data.length);
        one.multTransB(d, w, x1);
        threaded.multTransB(d, w, x3);
        assertAgrees(x1.data, x3.data, "a·bᵀ");
    }
}
