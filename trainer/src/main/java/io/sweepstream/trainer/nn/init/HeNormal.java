package io.sweepstream.trainer.nn.init;

import java.util.random.RandomGenerator;

/** "he" (Kaiming normal): w ~ N(0, 2 / fanIn), which keeps the variance of ReLU activations constant across layers. */
final class HeNormal implements Initializer {

    @Override
    public void initialize(float[] weights, int fanIn, int fanOut, RandomGenerator random) {
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (std * random.nextGaussian());
        }
    }
}
