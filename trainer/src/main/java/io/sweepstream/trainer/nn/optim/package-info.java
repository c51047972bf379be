/**
 * Gradient-descent update rules (sgd, momentum, nag, rmsprop, adam, nadam) with coupled L2 weight decay.
 * They update flat float arrays in place and know nothing about layers.
 */
package io.sweepstream.trainer.nn.optim;
