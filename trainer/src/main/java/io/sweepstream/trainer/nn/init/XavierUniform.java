package io.sweepstream.trainer.nn.init;

import java.util.random.RandomGenerator;

/** "xavier" (Glorot uniform): w ~ U(-a, a) with a = √(6 / (fanIn + fanOut)), so Var(w) = a²/3 = 2 / (fanIn + fanOut). */
final class XavierUniform implements Initializer {

    @Override
    public void initialize(float[] weights, int fanIn, int fanOut, RandomGenerator random) {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < weights.length; i++) {
            // U(-a, a) = a (2u - 1), u ~ U[0, 1)
            weights[i] = (float) (a * (2 * random.nextDouble() - 1));
        }
    }
}
