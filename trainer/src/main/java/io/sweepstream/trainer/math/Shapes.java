package io.sweepstream.trainer.math;

import org.ejml.data.FMatrixRMaj;

/** The shape check every backend runs before a product: misuse throws instead of reshaping or reading garbage. */
final class Shapes {

    private Shapes() {
    }

    static void check(FMatrixRMaj c, int rows, int cols, boolean innerMatches, String op, FMatrixRMaj a, FMatrixRMaj b) {
        if (!innerMatches || c.numRows != rows || c.numCols != cols) {
            throw new IllegalArgumentException(op + ": a is " + a.numRows + "x" + a.numCols + ", b is " + b.numRows + "x"
                    + b.numCols + ", c is " + c.numRows + "x" + c.numCols);
        }
        if (c.data == a.data || c.data == b.data) {
            throw new IllegalArgumentException(op + ": the output must not share its array with an operand");
        }
    }
}
