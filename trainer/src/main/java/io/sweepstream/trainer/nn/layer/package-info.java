/**
 * Network layers: parameters, their gradients, and the forward/backward math of one layer.
 * Batch-sized buffers are passed in by the caller, so layers hold no per-batch state.
 */
package io.sweepstream.trainer.nn.layer;
