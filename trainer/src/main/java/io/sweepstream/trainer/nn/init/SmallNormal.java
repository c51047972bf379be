package io.sweepstream.trainer.nn.init;

import java.util.random.RandomGenerator;

/**
 * "random": w ~ N(0, σ²) with the fixed σ = {@value #STD}, whatever the layer size (the classic
 * {@code 0.01 * randn} baseline; it makes deep layers' signals shrink, which is what sweeps compare it for).
 */
final class SmallNormal implements Initializer {

    static final double STD = 0.01;

    @Override
    public void initialize(float[] weights, int fanIn, int fanOut, RandomGenerator random) {
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (STD * random.nextGaussian());
        }
    }
}
