package io.sweepstream.trainer.math;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;

/** The contract on the blas backend; skipped, with the reason, where it cannot load. */
class BlasMatMulTest extends MatMulContractTest {

    @BeforeEach
    void requireBackend() {
        assumeTrue(Backends.get(Backends.Kind.BLAS) != null,
                () -> "blas backend unavailable: " + Backends.unavailable().get(Backends.Kind.BLAS));
    }

    @Override
    protected MatMul matMul() {
        return Backends.get(Backends.Kind.BLAS);
    }
}
