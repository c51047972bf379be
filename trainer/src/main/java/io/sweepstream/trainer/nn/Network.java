package io.sweepstream.trainer.nn;

import io.sweepstream.trainer.math.MatMul;
import io.sweepstream.trainer.nn.activation.Activation;
import io.sweepstream.trainer.nn.init.Initializer;
import io.sweepstream.trainer.nn.layer.DenseLayer;
import io.sweepstream.trainer.nn.loss.Loss;
import io.sweepstream.trainer.nn.optim.ParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.ejml.data.FMatrixRMaj;

/**
 * A multilayer perceptron: {@code numLayers} dense hidden layers of {@code hiddenSize} units with one activation,
 * then a dense output layer of {@code numClasses} logits; softmax and loss are applied by the {@link Loss}.
 *
 * <p>Usage: {@link #initialize}, then per batch {@link #lossAndGradients} (or {@link #evaluate}) with a
 * {@link Workspace} from {@link #newWorkspace}, then an optimizer step on {@link #parameters()} and
 * {@link #gradients()}. Batches are row-major, one sample per row, {@code features} columns.
 */
public final class Network {

    private final int[] widths;
    private final DenseLayer[] layers;
    private final Activation activation;
    private final float[][] parameters;
    private final float[][] gradients;
    private final List<ParameterSpec> specs;

    public Network(int features, int numLayers, int hiddenSize, int numClasses, Activation hiddenActivation,
                   MatMul matMul) {
        if (features <= 0 || numLayers < 1 || hiddenSize < 1 || numClasses < 2) {
            throw new IllegalArgumentException("network needs features > 0, numLayers >= 1, hiddenSize >= 1,"
                    + " numClasses >= 2; found " + features + ", " + numLayers + ", " + hiddenSize + ", " + numClasses);
        }
        this.activation = hiddenActivation;
        widths = new int[numLayers + 2];
        widths[0] = features;
        for (int l = 1; l <= numLayers; l++) {
            widths[l] = hiddenSize;
        }
        widths[numLayers + 1] = numClasses;
        layers = new DenseLayer[numLayers + 1];
        parameters = new float[2 * layers.length][];
        gradients = new float[2 * layers.length][];
        List<ParameterSpec> list = new ArrayList<>();
        for (int l = 0; l < layers.length; l++) {
            DenseLayer layer = new DenseLayer(widths[l], widths[l + 1], matMul);
            layers[l] = layer;
            // weights and biases never change shape, so their backing arrays are stable views
            parameters[2 * l] = layer.weights().data;
            gradients[2 * l] = layer.weightGradient().data;
            parameters[2 * l + 1] = layer.bias().data;
            gradients[2 * l + 1] = layer.biasGradient().data;
            list.add(new ParameterSpec("layer" + (l + 1) + ".weights", layer.weights().getNumElements(), true));
            list.add(new ParameterSpec("layer" + (l + 1) + ".bias", layer.bias().getNumElements(), false));
        }
        specs = List.copyOf(list);
    }

    /** Initialises the layers in order, input to output, each drawing from {@code random}; biases are zero. */
    public void initialize(Initializer initializer, RandomGenerator random) {
        for (DenseLayer layer : layers) {
            layer.initialize(initializer, random);
        }
    }

    public Workspace newWorkspace(int capacity) {
        return new Workspace(capacity, widths);
    }

    public int features() {
        return widths[0];
    }

    public int numClasses() {
        return widths[widths.length - 1];
    }

    /** Dense layers, input to output (live). */
    public List<DenseLayer> layers() {
        return List.of(layers);
    }

    /** Forward pass of batch {@code x}; leaves z and a in the workspace and returns the logits (live). */
    public FMatrixRMaj forward(Workspace ws, FMatrixRMaj x) {
        if (x.numCols != widths[0] || x.numRows > ws.capacity || x.numRows == 0) {
            throw new IllegalArgumentException("batch is " + x.numRows + "x" + x.numCols + ", expected up to "
                    + ws.capacity + " rows of " + widths[0] + " features");
        }
        FMatrixRMaj input = x;
        int last = layers.length - 1;
        for (int l = 0; l < last; l++) {
            // z = a·W
            layers[l].linear(input, ws.z[l]);
            // z += b; a = f(z), fused in one pass
            ws.a[l].reshape(x.numRows, widths[l + 1]);
            activation.forward(ws.z[l], layers[l].bias().data, ws.a[l]);
            input = ws.a[l];
        }
        layers[last].forward(input, ws.z[last]);
        return ws.z[last];
    }

    /**
     * Forward pass and loss without gradients: returns the batch-averaged loss, leaves p = softmax(logits) in
     * {@link Workspace#probabilities()}.
     */
    public double evaluate(Workspace ws, FMatrixRMaj x, int[] labels, Loss loss) {
        FMatrixRMaj logits = forward(ws, x);
        ws.probs.reshape(x.numRows, numClasses());
        return loss.lossAndGradient(logits, labels, ws.probs, null);
    }

    /**
     * Forward and backward pass: returns the batch-averaged loss (without any weight-decay term, which the
     * optimizer adds to the gradient, see {@link #weightPenalty}) and leaves dL/dθ in {@link #gradients()}.
     */
    public double lossAndGradients(Workspace ws, FMatrixRMaj x, int[] labels, Loss loss) {
        int rows = x.numRows;
        int last = layers.length - 1;
        FMatrixRMaj logits = forward(ws, x);
        ws.probs.reshape(rows, numClasses());
        ws.delta[last].reshape(rows, numClasses());
        // δ_out = dL/dz_out
        double value = loss.lossAndGradient(logits, labels, ws.probs, ws.delta[last]);
        for (int l = last; l >= 0; l--) {
            FMatrixRMaj input = l == 0 ? x : ws.a[l - 1];
            // dW = aᵀ·δ, db = Σ δ, and for l > 0: dL/da_(l-1) = δ·Wᵀ
            layers[l].backward(input, ws.delta[l], l == 0 ? null : ws.delta[l - 1]);
            if (l > 0) {
                // δ_(l-1) = dL/da_(l-1) ⊙ f'(z_(l-1)), in place
                activation.backward(ws.z[l - 1], ws.a[l - 1], ws.delta[l - 1], ws.delta[l - 1]);
            }
        }
        return value;
    }

    /**
     * (λ/2)·Σ ‖W‖² over the weight tensors (not biases): the term whose gradient λ·W the optimizers add for
     * weight decay λ. Training reports the loss without it; it is here for gradient checks and diagnostics.
     */
    public double weightPenalty(double weightDecay) {
        double sum = 0;
        for (int k = 0; k < parameters.length; k++) {
            if (specs.get(k).decayed()) {
                for (float w : parameters[k]) {
                    sum += (double) w * w;
                }
            }
        }
        return 0.5 * weightDecay * sum;
    }

    /** Parameter tensors in the order of {@link #parameterSpecs()}: W1, b1, W2, b2, ... (live arrays). */
    public float[][] parameters() {
        return parameters;
    }

    /** Gradients of the last {@link #lossAndGradients}, aligned with {@link #parameters()} (live arrays). */
    public float[][] gradients() {
        return gradients;
    }

    /** Name, size and decay flag (weights yes, biases no) of every parameter tensor. */
    public List<ParameterSpec> parameterSpecs() {
        return specs;
    }

    /** True if no parameter is NaN or infinite. */
    public boolean parametersFinite() {
        for (float[] p : parameters) {
            for (float w : p) {
                if (!Float.isFinite(w)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Deep copy of all parameters, e.g. to compare runs. */
    public float[][] copyParameters() {
        float[][] copy = new float[parameters.length][];
        for (int k = 0; k < copy.length; k++) {
            copy[k] = parameters[k].clone();
        }
        return copy;
    }
}
