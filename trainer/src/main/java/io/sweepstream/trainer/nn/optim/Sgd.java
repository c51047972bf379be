package io.sweepstream.trainer.nn.optim;

import io.sweepstream.trainer.math.Kernels;
import java.util.List;

/** Plain gradient descent: w ← w - lr·g. No state. */
final class Sgd extends AbstractOptimizer {

    Sgd(OptimizerConfig config, List<ParameterSpec> specs) {
        super(config, specs);
    }

    @Override
    protected void update(int k, float[] w, float[] grad, float decay) {
        // w ← w - lr·g
        Kernels.get().sgd(w, grad, decay, learningRate);
    }
}
