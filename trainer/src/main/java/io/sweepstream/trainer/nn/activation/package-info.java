/**
 * Element-wise activation functions of the hidden layers and their derivatives.
 * Pick one with {@link io.sweepstream.trainer.nn.activation.ActivationKind#parse(String)}.
 */
package io.sweepstream.trainer.nn.activation;
