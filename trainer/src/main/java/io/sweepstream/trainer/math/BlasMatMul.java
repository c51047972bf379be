package io.sweepstream.trainer.math;

import dev.ludovic.netlib.blas.NativeBLAS;
import org.ejml.data.FMatrixRMaj;

/**
 * {@link MatMul} on the system's native BLAS (OpenBLAS) through {@code dev.ludovic.netlib:blas}'s JNI binding: 45-67
 * GFLOP/s single-threaded on the MLP shapes here (DESIGN.md). Created only by {@link Backends}, which first checks
 * that netlib loaded its native implementation (it otherwise falls back silently to pure Java) and that the library
 * behind {@code libblas.so.3} is OpenBLAS, not the slow reference BLAS.
 *
 * <p>BLAS is column-major; a row-major matrix is its transpose in column-major order, so row-major c = a·b is
 * column-major cᵀ = bᵀ·aᵀ, i.e. {@code sgemm("N", "N", n, m, k, 1, b, n, a, k, 0, c, n)}. OpenBLAS's own threads
 * follow {@code OPENBLAS_NUM_THREADS} (the {@code sweep} launcher sets 1: trainers are the parallelism).
 */
final class BlasMatMul implements MatMul {

    private final NativeBLAS blas;
    private final String library;

    BlasMatMul(NativeBLAS blas, String library) {
        this.blas = blas;
        this.library = library;
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public String name() {
        return "blas";
    }

    @Override
    public String description() {
        return "native BLAS via netlib " + blas.getClass().getSimpleName() + " (" + library + ")";
    }

    @Override
    public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numRows, b.numCols, a.numCols == b.numRows, "a·b", a, b);
        int m = a.numRows;
        int n = b.numCols;
        int k = a.numCols;
        // cᵀ (n×m) = bᵀ (n×k) · aᵀ (k×m), all column-major views of the row-major arrays
        blas.sgemm("N", "N", n, m, k, 1f, b.data, 0, n, a.data, 0, k, 0f, c.data, 0, n);
    }

    @Override
    public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numCols, b.numCols, a.numRows == b.numRows, "aᵀ·b", a, b);
        int m = a.numCols;
        int n = b.numCols;
        int k = a.numRows;
        // cᵀ (n×m) = bᵀ (n×k) · a (k×m); the column-major view of a is aᵀ, so it is transposed back ("T")
        blas.sgemm("N", "T", n, m, k, 1f, b.data, 0, n, a.data, 0, m, 0f, c.data, 0, n);
    }

    @Override
    public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numRows, b.numRows, a.numCols == b.numCols, "a·bᵀ", a, b);
        int m = a.numRows;
        int n = b.numRows;
        int k = a.numCols;
        // cᵀ (n×m) = b (n×k) · aᵀ (k×m); the column-major view of b is bᵀ, so it is transposed back ("T")
        blas.sgemm("T", "N", n, m, k, 1f, b.data, 0, k, a.data, 0, k, 0f, c.data, 0, n);
    }
}
