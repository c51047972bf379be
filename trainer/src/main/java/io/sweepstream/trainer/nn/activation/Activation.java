package io.sweepstream.trainer.nn.activation;

import org.ejml.data.FMatrixRMaj;

/**
 * An element-wise function a = f(z) and its backward pass. Methods work on the first {@code z.getNumElements()}
 * elements (the current batch shape), allocate nothing, and are stateless. The loops run in
 * {@link io.sweepstream.trainer.math.Kernels}.
 */
public interface Activation {

    /** a = f(z); {@code a} must have z's shape. */
    default void forward(FMatrixRMaj z, FMatrixRMaj a) {
        forward(z, null, a);
    }

    /**
     * Fused bias and activation, one pass: z ← z + b (b broadcast over rows; none if {@code bias} is null), then
     * a = f(z). {@code z} keeps the biased pre-activation for the backward pass.
     */
    void forward(FMatrixRMaj z, float[] bias, FMatrixRMaj a);

    /**
     * gradZ = gradA ⊙ f'(z), given z and a = f(z) from the forward pass (each implementation uses whichever
     * is cheaper). {@code gradZ} may be the same matrix as {@code gradA} (in-place).
     */
    void backward(FMatrixRMaj z, FMatrixRMaj a, FMatrixRMaj gradA, FMatrixRMaj gradZ);
}
