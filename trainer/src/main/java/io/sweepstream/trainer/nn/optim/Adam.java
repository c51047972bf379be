package io.sweepstream.trainer.nn.optim;

import io.sweepstream.trainer.math.Kernels;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) with bias correction, at step t = 1, 2, ...:
 * m ← β1·m + (1-β1)·g; v ← β2·v + (1-β2)·g²; m̂ = m / (1-β1^t); v̂ = v / (1-β2^t); w ← w - lr·m̂ / (√v̂ + ε).
 */
final class Adam extends AbstractOptimizer {

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float[][] m;
    private final float[][] v;
    private float correction1;
    private float correction2;

    Adam(OptimizerConfig config, List<ParameterSpec> specs) {
        super(config, specs);
        this.beta1 = (float) config.beta1();
        this.beta2 = (float) config.beta2();
        this.epsilon = (float) config.epsilon();
        this.m = newState();
        this.v = newState();
    }

    @Override
    protected void beginStep(long t) {
        // 1-β^t in double: β2^t stays accurate near 1 for small t
        correction1 = (float) (1 - Math.pow(beta1, t));
        correction2 = (float) (1 - Math.pow(beta2, t));
    }

    @Override
    protected void update(int k, float[] w, float[] grad, float decay) {
        // m ← β1·m + (1-β1)·g; v ← β2·v + (1-β2)·g²; w ← w - lr·m̂ / (√v̂ + ε)
        Kernels.get().adam(w, grad, m[k], v[k], decay, learningRate, beta1, beta2, correction1, correction2, epsilon);
    }
}
