package io.sweepstream.trainer.nn.activation;

import org.ejml.data.FMatrixRMaj;

/**
 * An element-wise function a = f(z) and its backward pass. Both methods work on the first
 * {@code z.getNumElements()} elements (the current batch shape), allocate nothing, and are stateless.
 */
public interface Activation {

    /** a = f(z); {@code a} must have z's shape. */
    void forward(FMatrixRMaj z, FMatrixRMaj a);

    /**
     * gradZ = gradA ⊙ f'(z), given z and a = f(z) from the forward pass (each implementation uses whichever
     * is cheaper). {@code gradZ} may be the same matrix as {@code gradA} (in-place).
     */
    void backward(FMatrixRMaj z, FMatrixRMaj a, FMatrixRMaj gradA, FMatrixRMaj gradZ);
}
