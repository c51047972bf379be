package io.sweepstream.trainer.nn.optim;

/**
 * Hyperparameters of every optimizer; each one reads only those it needs.
 *
 * @param learningRate lr, > 0
 * @param momentum     μ of momentum and nag, in [0, 1)
 * @param beta         decay of the squared-gradient average of rmsprop, in [0, 1)
 * @param beta1        decay of the first moment of adam and nadam, in [0, 1)
 * @param beta2        decay of the second moment of adam and nadam, in [0, 1)
 * @param epsilon      added to the root of the second moment (rmsprop, adam, nadam), > 0
 * @param weightDecay  λ of coupled L2 decay: the gradient used is g + λ·w on decayed tensors, which is the
 *                     gradient of loss + (λ/2)·‖W‖²; >= 0
 */
public record OptimizerConfig(double learningRate, double momentum, double beta, double beta1, double beta2,
                              double epsilon, double weightDecay) {

    public OptimizerConfig {
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be > 0", learningRate);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1)", momentum);
        require(beta >= 0 && beta < 1, "beta must be in [0, 1)", beta);
        require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1)", beta1);
        require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1)", beta2);
        require(epsilon > 0 && Double.isFinite(epsilon), "epsilon must be > 0", epsilon);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay must be >= 0", weightDecay);
    }

    private static void require(boolean ok, String rule, double found) {
        if (!ok) {
            throw new IllegalArgumentException(rule + ", found " + found);
        }
    }
}
