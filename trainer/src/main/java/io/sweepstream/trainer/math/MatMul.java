package io.sweepstream.trainer.math;

import org.ejml.data.FMatrixRMaj;

/**
 * Row-major float32 matrix products, the only operations whose speed decides training time.
 *
 * <p>Contract for every method: the output {@code c} is overwritten (not accumulated into), must not alias
 * {@code a} or {@code b}, and must already have the result's shape; implementations allocate nothing and are
 * thread-safe (one instance serves concurrent runs). Callers shape {@code c} with {@link FMatrixRMaj#reshape(int, int)},
 * which keeps the backing array when it is large enough, so one buffer serves full and partial batches.
 *
 * <p>Backends ({@link Backends}) differ in summation order, so their results may differ in the last bits; each one
 * is deterministic on its own.
 */
public interface MatMul {

    /** c = a·b, with a (m×k), b (k×n), c (m×n). */
    void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

    /** c = aᵀ·b, with a (k×m), b (k×n), c (m×n). */
    void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

    /** c = a·bᵀ, with a (m×k), b (n×k), c (m×n). */
    void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c);

    /** The backend's short name, as {@code --backend} and {@code SWEEP_BACKEND} spell it: blas, vector or ejml. */
    String name();

    /** One line for logs: what runs underneath (library, vector width, native library path). */
    default String description() {
        return name();
    }

    /** The portable pure-Java backend (EJML). */
    static MatMul ejml() {
        return EjmlMatMul.INSTANCE;
    }

    /** The fastest backend this JVM can load (BLAS, then Vector API, then EJML), or the one SWEEP_BACKEND forces. */
    static MatMul best() {
        return Backends.choose(null).matMul();
    }
}
