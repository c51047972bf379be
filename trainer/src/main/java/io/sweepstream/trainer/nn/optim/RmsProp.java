package io.sweepstream.trainer.nn.optim;

import io.sweepstream.trainer.math.Kernels;
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
        // s ← β·s + (1-β)·g²; w ← w - lr·g / (√s + ε)
        Kernels.get().rmsprop(w, grad, meanSquare[k], decay, learningRate, beta, epsilon);
    }
}
