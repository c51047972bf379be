package io.sweepstream.trainer.math;

import org.ejml.data.FMatrixRMaj;

/**
 * A backend that can compute a band of output rows on its own, so that {@link ThreadedMatMul} can give each thread
 * a band. Shapes are checked by the caller (the full product's check); the bands write disjoint rows of c.
 */
interface RowSplittable extends MatMul {

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of c = a·b. */
    void multRows(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, int from, int to);

    /** Rows {@code from} to {@code to} of c = aᵀ·b. */
    void multTransARows(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, int from, int to);

    /** Rows {@code from} to {@code to} of c = a·bᵀ. */
    void multTransBRows(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, int from, int to);
}
