package io.sweepstream.trainer.nn.optim;

import java.util.List;

/**
 * Nadam (Dozat 2016, "Incorporating Nesterov Momentum into Adam", Algorithm 2 with a constant momentum
 * schedule μ_t = β1): Adam whose first moment looks one step ahead. At step t = 1, 2, ...:
 * <pre>
 * m ← β1·m + (1-β1)·g
 * v ← β2·v + (1-β2)·g²
 * m̄ = β1·m / (1-β1^(t+1)) + (1-β1)·g / (1-β1^t)
 * v̂ = v / (1-β2^t)
 * w ← w - lr·m̄ / (√v̂ + ε)
 * </pre>
 */
final class Nadam extends AbstractOptimizer {

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float[][] m;
    private final float[][] v;
    private float nextCorrection1;
    private float correction1;
    private float correction2;

    Nadam(OptimizerConfig config, List<ParameterSpec> specs) {
        super(config, specs);
        this.beta1 = (float) config.beta1();
        this.beta2 = (float) config.beta2();
        this.epsilon = (float) config.epsilon();
        this.m = newState();
        this.v = newState();
    }

    @Override
    protected void beginStep(long t) {
        nextCorrection1 = (float) (1 - Math.pow(beta1, t + 1));
        correction1 = (float) (1 - Math.pow(beta1, t));
        correction2 = (float) (1 - Math.pow(beta2, t));
    }

    @Override
    protected void update(int k, float[] w, float[] grad, float decay) {
        float[] mk = m[k];
        float[] vk = v[k];
        for (int i = 0; i < w.length; i++) {
            float g = grad[i] + decay * w[i];
            // m ← β1·m + (1-β1)·g; v ← β2·v + (1-β2)·g²
            mk[i] = beta1 * mk[i] + (1f - beta1) * g;
            vk[i] = beta2 * vk[i] + (1f - beta2) * g * g;
            // m̄ = β1·m / (1-β1^(t+1)) + (1-β1)·g / (1-β1^t)
            float mBar = beta1 * mk[i] / nextCorrection1 + (1f - beta1) * g / correction1;
            // w ← w - lr·m̄ / (√v̂ + ε)
            float vHat = vk[i] / correction2;
            w[i] -= learningRate * mBar / ((float) Math.sqrt(vHat) + epsilon);
        }
    }
}
