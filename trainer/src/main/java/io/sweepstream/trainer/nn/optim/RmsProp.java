package io.sweepstream.trainer.nn.optim;

import java.util.List;

/** RMSprop: s ← β·s + (1-β)·g²; w ← w - lr·g / (√s + ε) (s starts at 0, no bias correction). */
final class RmsProp extends AbstractOptimizer {

    private final float beta;
    private final float epsilon;
    private final float[][] meanSquare;

    RmsProp(OptimizerConfig config, List<ParameterSpec> specs) {
        super(config, specs);
        this.beta = (float) config.beta();
        this.epsilon = (float) config.epsilon();
        this.meanSquare = newState();
    }

    @Override
    protected void update(int k, float[] w, float[] grad, float decay) {
        float[] s = meanSquare[k];
        for (int i = 0; i < w.length; i++) {
            float g = grad[i] + decay * w[i];
            // s ← β·s + (1-β)·g²
            s[i] = beta * s[i] + (1f - beta) * g * g;
            // w ← w - lr·g / (√s + ε)
            w[i] -= learningRate * g / ((float) Math.sqrt(s[i]) + epsilon);
        }
    }
}
