package io.sweepstream.trainer.nn.init;

import java.util.random.RandomGenerator;

/** Fills a weight tensor of a layer with {@code fanIn} inputs and {@code fanOut} outputs from {@code random}. */
public interface Initializer {

    void initialize(float[] weights, int fanIn, int fanOut, RandomGenerator random);
}
