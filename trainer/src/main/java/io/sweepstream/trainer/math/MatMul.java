package io.sweepstream.trainer.math;

import org.ejml.data.FMatrixRMaj;

/**
 * Row-major float32 matrix products, the only operations whose speed decides training time.
 *
 * <p>Contract for every method: the output {@code c} is overwritten (not accumulated into), must not alias
 * {@code a} or {@code b}, and must already have the result's shape; implementations allocate nothing.
 * Callers shape {@code c} with {@link FMatrixRMaj#reshape(int, int)}, which keeps the backing array when it is
 * large enough, so one buffer serves full and partial batches.
 */
public interface MatMul {

    /** c = a·b, with a (m×k), b (k×n), c (m×n). */
    void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

    /** c = aᵀ·b, with a (k×m), b (k×n), c (m×n). */
    void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

    /** c = a·bᵀ, with a (m×k), b (n×k), c (m×n). */
    void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

    /** The portable pure-Java backend (EJML). */
    static MatMul ejml() {
        return EjmlMatMul.INSTANCE;
    }
}
