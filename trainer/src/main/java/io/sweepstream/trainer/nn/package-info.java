/**
 * The multilayer perceptron ({@link io.sweepstream.trainer.nn.Network}) and the training loop
 * ({@link io.sweepstream.trainer.nn.Trainer}) with its config, per-epoch metrics, listener and result records.
 */
package io.sweepstream.trainer.nn;
