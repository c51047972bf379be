/**
 * The engine's hot loops: matrix products behind {@link io.sweepstream.trainer.math.MatMul} (native BLAS, a Vector API
 * kernel or EJML, picked by {@link io.sweepstream.trainer.math.Backends}, split over threads by
 * {@link io.sweepstream.trainer.math.ThreadedMatMul}), and the element-wise loops in
 * {@link io.sweepstream.trainer.math.Kernels}. Layers, activations and optimizers only call these interfaces.
 */
package io.sweepstream.trainer.math;
