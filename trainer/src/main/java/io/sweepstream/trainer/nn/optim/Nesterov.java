package io.sweepstream.trainer.nn.optim;

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
        float[] v = velocity[k];
        for (int i = 0; i < w.length; i++) {
            float step = learningRate * (grad[i] + decay * w[i]);
            // v ← μ·v + lr·g
            v[i] = mu * v[i] + step;
            // w ← w - (μ·v + lr·g)
            w[i] -= mu * v[i] + step;
        }
    }
}
