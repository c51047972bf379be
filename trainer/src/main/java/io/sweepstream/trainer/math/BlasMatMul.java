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
final class BlasMatMul implements RowSplittable {

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
    public void multRows(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, int from, int to) {
        int n = b.numCols;
        int k = a.numCols;
        // cᵀ (n×m) = bᵀ (n×k) · aᵀ (k×m), all column-major views of the row-major arrays; rows from..to of c
        // are columns from..to of cᵀ, i.e. offset from·n, and columns of aᵀ, offset from·k
        blas.sgemm("N", "N", n, to - from, k, 1f, b.data, 0, n, a.data, from * k, k, 0f, c.data, from * n, n);
    }

    @Override
    public void multTransARows(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, int from, int to) {
        int m = a.numCols;
        int n = b.numCols;
        int k = a.numRows;
        // cᵀ (n×m) = bᵀ (n×k) · a (k×m); the column-major view of a is aᵀ (m×k), transposed back ("T");
        // rows from..to of c are rows from..to of that view, offset from
        blas.sgemm("N", "T", n, to - from, k, 1f, b.data, 0, n, a.data, from, m, 0f, c.data, from * n, n);
    }

    @Override
    public void multTransBRows(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, int from, int to) {
        int n = b.numRows;
        int k = a.numCols;
        // cᵀ (n×m) = b (n×k) · aᵀ (k×m); the column-major view of b is bᵀ, transposed back ("T")
        blas.sgemm("T", "N", n, to - from, k, 1f, b.data, 0, k, a.data, from * k, k, 0f, c.data, from * n, n);
    }
}
