package io.sweepstream.trainer.nn;

import io.sweepstream.schemas.Hyperparameter;
import io.sweepstream.trainer.nn.activation.ActivationKind;
import io.sweepstream.trainer.nn.init.InitKind;
import io.sweepstream.trainer.nn.loss.LossKind;
import io.sweepstream.trainer.nn.optim.OptimizerConfig;
import io.sweepstream.trainer.nn.optim.OptimizerKind;

/**
 * Everything that decides a training run besides the data. Validated on construction; every message names the
 * field and the value found. Start from {@link #defaults()} and override with the {@code with...} methods.
 *
 * @param epochs       passes over the training set, >= 1
 * @param batchSize    samples per mini-batch, >= 1 (the last batch of an epoch may be smaller)
 * @param loss         loss on the softmax output
 * @param optimizer    update rule
 * @param learningRate > 0
 * @param momentum     μ of momentum and nag, in [0, 1)
 * @param beta         squared-gradient decay of rmsprop, in [0, 1)
 * @param beta1        first-moment decay of adam and nadam, in [0, 1)
 * @param beta2        second-moment decay of adam and nadam, in [0, 1)
 * @param epsilon      > 0, added to the root of second moments
 * @param weightDecay  L2 coefficient λ on weights (not biases), >= 0: gradients get + λ·W, i.e. the objective
 *                     is loss + (λ/2)·‖W‖² (reported losses exclude this term)
 * @param weightInit   initialisation of the weights (biases start at 0)
 * @param numLayers    hidden layers, >= 1
 * @param hiddenSize   units per hidden layer, >= 1
 * @param activation   activation of the hidden layers
 * @param seed         seeds all randomness of the run (initialisation, shuffling)
 */
public record TrainingConfig(int epochs, int batchSize, LossKind loss, OptimizerKind optimizer, double learningRate,
                             double momentum, double beta, double beta1, double beta2, double epsilon,
                             double weightDecay, InitKind weightInit, int numLayers, int hiddenSize,
                             ActivationKind activation, long seed) {

    public TrainingConfig {
        // Domains come from the hyperparameter table that the spec validator and sweep train also read.
        Hyperparameter.EPOCHS.require("epochs", epochs);
        Hyperparameter.BATCH_SIZE.require("batchSize", batchSize);
        requirePresent(loss, "loss", Hyperparameter.LOSS);
        requirePresent(optimizer, "optimizer", Hyperparameter.OPTIMIZER);
        requirePresent(weightInit, "weightInit", Hyperparameter.WEIGHT_INIT);
        Hyperparameter.NUM_LAYERS.require("numLayers", numLayers);
        Hyperparameter.HIDDEN_SIZE.require("hiddenSize", hiddenSize);
        requirePresent(activation, "activation", Hyperparameter.ACTIVATION);
        // learningRate ... weightDecay are checked once, by the optimizer's config
        new OptimizerConfig(learningRate, momentum, beta, beta1, beta2, epsilon, weightDecay);
    }

    /**
     * 10 epochs, batch 64, cross_entropy, adam (lr 1e-3, β1 0.9, β2 0.999, ε 1e-8), momentum 0.9, rmsprop β 0.9,
     * no weight decay, xavier, 3 hidden layers of 128 relu units, seed 0.
     */
    public static TrainingConfig defaults() {
        return new TrainingConfig(10, 64, LossKind.CROSS_ENTROPY, OptimizerKind.ADAM, 1e-3, 0.9, 0.9, 0.9, 0.999,
                1e-8, 0.0, InitKind.XAVIER, 3, 128, ActivationKind.RELU, 0L);
    }

    /** The optimizer's view of this config. */
    public OptimizerConfig optimizerConfig() {
        return new OptimizerConfig(learningRate, momentum, beta, beta1, beta2, epsilon, weightDecay);
    }

    public TrainingConfig withEpochs(int v) {
        return new TrainingConfig(v, batchSize, loss, optimizer, learningRate, momentum, beta, beta1, beta2, epsilon, weightDecay, weightInit, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(epochs, v, loss, optimizer, learningRate, momentum, beta, beta1, beta2, epsilon, weightDecay, weightInit, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withLoss(LossKind v) {
        return new TrainingConfig(epochs, batchSize, v, optimizer, learningRate, momentum, beta, beta1, beta2, epsilon, weightDecay, weightInit, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withOptimizer(OptimizerKind v) {
        return new TrainingConfig(epochs, batchSize, loss, v, learningRate, momentum, beta, beta1, beta2, epsilon, weightDecay, weightInit, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withLearningRate(double v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, v, momentum, beta, beta1, beta2, epsilon, weightDecay, weightInit, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withMomentum(double v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, learningRate, v, beta, beta1, beta2, epsilon, weightDecay, weightInit, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withBeta(double v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, learningRate, momentum, v, beta1, beta2, epsilon, weightDecay, weightInit, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withBeta1(double v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, learningRate, momentum, beta, v, beta2, epsilon, weightDecay, weightInit, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withBeta2(double v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, learningRate, momentum, beta, beta1, v, epsilon, weightDecay, weightInit, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withEpsilon(double v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, learningRate, momentum, beta, beta1, beta2, v, weightDecay, weightInit, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withWeightDecay(double v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, learningRate, momentum, beta, beta1, beta2, epsilon, v, weightInit, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withWeightInit(InitKind v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, learningRate, momentum, beta, beta1, beta2, epsilon, weightDecay, v, numLayers, hiddenSize, activation, seed);
    }

    public TrainingConfig withNumLayers(int v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, learningRate, momentum, beta, beta1, beta2, epsilon, weightDecay, weightInit, v, hiddenSize, activation, seed);
    }

    public TrainingConfig withHiddenSize(int v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, learningRate, momentum, beta, beta1, beta2, epsilon, weightDecay, weightInit, numLayers, v, activation, seed);
    }

    public TrainingConfig withActivation(ActivationKind v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, learningRate, momentum, beta, beta1, beta2, epsilon, weightDecay, weightInit, numLayers, hiddenSize, v, seed);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(epochs, batchSize, loss, optimizer, learningRate, momentum, beta, beta1, beta2, epsilon, weightDecay, weightInit, numLayers, hiddenSize, activation, v);
    }

    private static void requirePresent(Object kind, String field, Hyperparameter h) {
        if (kind == null) {
            throw new IllegalArgumentException(field + " must be " + h.domain() + ", found null");
        }
    }
}
