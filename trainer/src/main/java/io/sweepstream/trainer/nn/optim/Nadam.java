package io.sweepstream.trainer.nn.optim;

import io.sweepstream.trainer.math.Kernels;
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
        // m ← β1·m + (1-β1)·g; v ← β2·v + (1-β2)·g²; m̄ = β1·m / (1-β1^(t+1)) + (1-β1)·g / (1-β1^t); w ← w - lr·m̄ / (√v̂ + ε)
        Kernels.get().nadam(w, grad, m[k], v[k], decay, learningRate, beta1, beta2, nextCorrection1, correction1,
                correction2, epsilon);
    }
}
