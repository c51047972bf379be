package io.sweepstream.trainer.math;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;

/** The contract on the vector backend; skipped, with the reason, where it cannot load. */
class VectorMatMulTest extends MatMulContractTest {

    @BeforeEach
    void requireBackend() {
        assumeTrue(Backends.get(Backends.Kind.VECTOR) != null,
                () -> "vector backend unavailable: " + Backends.unavailable().get(Backends.Kind.VECTOR));
    }

    @Override
    protected MatMul matMul() {
        return Backends.get(Backends.Kind.VECTOR);
    }
}
