package io.sweepstream.trainer.nn.layer;

import io.sweepstream.trainer.math.Kernels;
import io.sweepstream.trainer.math.MatMul;
import io.sweepstream.trainer.nn.init.Initializer;
import java.util.random.RandomGenerator;
import org.ejml.data.FMatrixRMaj;

/**
 * A fully connected affine layer on row-major batches (one sample per row): z = a·W + b, with W (fanIn × fanOut)
 * and b (1 × fanOut). It owns its parameters and their gradients; the activation is applied by the network.
 */
public final class DenseLayer {

    private final int fanIn;
    private final int fanOut;
    private final MatMul matMul;
    private final FMatrixRMaj weights;
    private final FMatrixRMaj bias;
    private final FMatrixRMaj weightGrad;
    private final FMatrixRMaj biasGrad;

    public DenseLayer(int fanIn, int fanOut, MatMul matMul) {
        if (fanIn <= 0 || fanOut <= 0) {
            throw new IllegalArgumentException("layer shape must be positive, found " + fanIn + "x" + fanOut);
        }
        this.fanIn = fanIn;
        this.fanOut = fanOut;
        this.matMul = matMul;
        this.weights = new FMatrixRMaj(fanIn, fanOut);
        this.bias = new FMatrixRMaj(1, fanOut);
        this.weightGrad = new FMatrixRMaj(fanIn, fanOut);
        this.biasGrad = new FMatrixRMaj(1, fanOut);
    }

    public int fanIn() {
        return fanIn;
    }

    public int fanOut() {
        return fanOut;
    }

    /** Weights from {@code initializer}, biases zero. */
    public void initialize(Initializer initializer, RandomGenerator random) {
        initializer.initialize(weights.data, fanIn, fanOut, random);
        bias.zero();
    }

    /** z = input·W + b; {@code z} is reshaped to (input rows × fanOut) within its capacity. */
    public void forward(FMatrixRMaj input, FMatrixRMaj z) {
        linear(input, z);
        // z += b, broadcast over rows
        Kernels.get().addRowVector(z.data, bias.data, z.numRows, fanOut);
    }

    /**
     * z = input·W without the bias, which the caller adds fused with the activation
     * ({@link io.sweepstream.trainer.nn.activation.Activation#forward(FMatrixRMaj, float[], FMatrixRMaj)}).
     */
    public void linear(FMatrixRMaj input, FMatrixRMaj z) {
        z.reshape(input.numRows, fanOut);
        // z = a·W
        matMul.mult(input, weights, z);
    }

    /**
     * From δ = dL/dz (batch × fanOut) computes dW and db into this layer's gradients and, unless
     * {@code gradInput} is null, dL/d(input) into it (reshaped to batch × fanIn).
     */
    public void backward(FMatrixRMaj input, FMatrixRMaj delta, FMatrixRMaj gradInput) {
        // dW = aᵀ·δ
        matMul.multTransA(input, delta, weightGrad);
        // db = Σ_rows δ
        Kernels.get().sumRows(delta.data, biasGrad.data, delta.numRows, fanOut);
        if (gradInput != null) {
            gradInput.reshape(delta.numRows, fanIn);
            // dL/da = δ·Wᵀ
            matMul.multTransB(delta, weights, gradInput);
        }
    }

    /** The weight matrix (live, not a copy). */
    public FMatrixRMaj weights() {
        return weights;
    }

    /** The bias row (live, not a copy). */
    public FMatrixRMaj bias() {
        return bias;
    }

    /** dL/dW of the last {@link #backward} (live). */
    public FMatrixRMaj weightGradient() {
        return weightGrad;
    }

    /** dL/db of the last {@link #backward} (live). */
    public FMatrixRMaj biasGradient() {
        return biasGrad;
    }
}
