package io.sweepstream.trainer.nn.optim;

import io.sweepstream.trainer.math.Kernels;
import java.util.List;

/**
 * Heavy-ball momentum with the learning rate inside the velocity: v ← μ·v + lr·g; w ← w - v (v starts at 0).
 * (Equivalent to PyTorch's v ← μ·v + g; w ← w - lr·v only while lr is constant.)
 */
final class Momentum extends AbstractOptimizer {

    private final float mu;
    private final float[][] velocity;

    Momentum(OptimizerConfig config, List<ParameterSpec> specs) {
        super(config, specs);
        this.mu = (float) config.momentum();
        this.velocity = newState();
    }

    @Override
    protected void update(int k, float[] w, float[] grad, float decay) {
        // v ← μ·v + lr·g; w ← w - v
        Kernels.get().momentum(w, grad, velocity[k], decay, learningRate, mu);
    }
}
