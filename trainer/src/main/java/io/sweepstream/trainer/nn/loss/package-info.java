/**
 * Losses on the softmax of the output layer's logits, with their gradients with respect to those logits.
 * Pick one with {@link io.sweepstream.trainer.nn.loss.LossKind#parse(String)}.
 */
package io.sweepstream.trainer.nn.loss;
