package io.sweepstream.trainer.math;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * {@link MatMul} on EJML's single-threaded {@link CommonOps_FDRM}: portable and deterministic, 2-6 GFLOP/s
 * on the MLP shapes measured here (see DESIGN.md), the baseline a BLAS or Vector API backend must beat.
 */
final class EjmlMatMul implements MatMul {

    static final EjmlMatMul INSTANCE = new EjmlMatMul();

    private EjmlMatMul() {
    }

    @Override
    public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numRows, b.numCols, a.numCols == b.numRows, "a·b", a, b);
        CommonOps_FDRM.mult(a, b, c);
    }

    @Override
    public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numCols, b.numCols, a.numRows == b.numRows, "aᵀ·b", a, b);
        CommonOps_FDRM.multTransA(a, b, c);
    }

    @Override
    public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        Shapes.check(c, a.numRows, b.numRows, a.numCols == b.numCols, "a·bᵀ", a, b);
        CommonOps_FDRM.multTransB(a, b, c);
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public String description() {
        return "EJML CommonOps_FDRM (pure Java)";
    }
}
