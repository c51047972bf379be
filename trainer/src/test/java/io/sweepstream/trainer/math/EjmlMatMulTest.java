package io.sweepstream.trainer.math;

class EjmlMatMulTest extends MatMulContractTest {

    @Override
    protected MatMul matMul() {
        return MatMul.ejml();
    }
}
