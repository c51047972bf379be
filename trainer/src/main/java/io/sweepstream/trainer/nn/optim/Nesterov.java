package io.sweepstream.trainer.nn.optim;

import io.sweepstream.trainer.math.Kernels;
import java.util.List;

/**
 * Nesterov accelerated gradient in the "look-ahead" reformulation (Bengio et al. 2012, as in PyTorch's
 * nesterov=true up to where lr sits), which needs the gradient at the current weights only:
 * v ← μ·v + lr·g; w ← w - (μ·v + lr·g), with the new v (v starts at 0).
 */
final class Nesterov extends AbstractOptimizer {

    private final float mu;
    private final float[][] velocity;

    Nesterov(OptimizerConfig config, List<ParameterSpec> specs) {
        super(config, specs);
        this.mu = (float) config.momentum();
        this.velocity = newState();
    }

    @Override
    protected void update(int k, float[] w, float[] grad, float decay) {
        // v ← μ·v + lr·g; w ← w - (μ·v + lr·g)
        Kernels.get().nesterov(w, grad, velocity[k], decay, learningRate, mu);
    }
}
