package io.sweepstream.trainer.nn.optim;

import io.sweepstream.schemas.Hyperparameter;

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
        // Domains come from the hyperparameter table that the spec validator and sweep train also read.
        Hyperparameter.LEARNING_RATE.require("learningRate", learningRate);
        Hyperparameter.MOMENTUM.require("momentum", momentum);
        Hyperparameter.BETA.require("beta", beta);
        Hyperparameter.BETA1.require("beta1", beta1);
        Hyperparameter.BETA2.require("beta2", beta2);
        Hyperparameter.EPSILON.require("epsilon", epsilon);
        Hyperparameter.WEIGHT_DECAY.require("weightDecay", weightDecay);
    }
}
