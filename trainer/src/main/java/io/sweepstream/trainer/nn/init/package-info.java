/**
 * Weight initialisation schemes (biases always start at zero).
 * Pick one with {@link io.sweepstream.trainer.nn.init.InitKind#parse(String)}.
 */
package io.sweepstream.trainer.nn.init;
