package io.sweepstream.trainer.nn.optim;

import java.util.List;

/** Plain gradient descent: w ← w - lr·g. No state. */
final class Sgd extends AbstractOptimizer {

    Sgd(OptimizerConfig config, List<ParameterSpec> specs) {
        super(config, specs);
    }

    @Override
    protected void update(int k, float[] w, float[] grad, float decay) {
        for (int i = 0; i < w.length; i++) {
            float g = grad[i] + decay * w[i];
            // w ← w - lr·g
            w[i] -= learningRate * g;
        }
    }
}
