/**
 * The matrix-multiply hot path of the engine, behind one small interface ({@link io.sweepstream.trainer.math.MatMul}).
 * Layers only call this interface, so a faster backend (native BLAS, Vector API) can replace EJML without touching them.
 */
package io.sweepstream.trainer.math;
