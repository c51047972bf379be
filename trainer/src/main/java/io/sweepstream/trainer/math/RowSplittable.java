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

    // A whole product is the band of all its rows, after the shape check.

    @Override
    default void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numRows, b.numCols, a.numCols == b.numRows, "a·b", a, b);
        multRows(a, b, c, 0, c.numRows);
    }

    @Override
    default void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numCols, b.numCols, a.numRows == b.numRows, "aᵀ·b", a, b);
        multTransARows(a, b, c, 0, c.numRows);
    }

    @Override
    default void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numRows, b.numRows, a.numCols == b.numCols, "a·bᵀ", a, b);
        multTransBRows(a, b, c, 0, c.numRows);
    }
}
