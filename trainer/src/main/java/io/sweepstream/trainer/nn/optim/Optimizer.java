package io.sweepstream.trainer.nn.optim;

/**
 * An update rule for a fixed set of parameter tensors.
 *
 * <p>Call order: create one per training run with {@link OptimizerKind#create(OptimizerConfig, java.util.List)}
 * for the run's {@link ParameterSpec}s (this allocates all state buffers, e.g. velocities and moments, once);
 * then call {@link #step} once per mini-batch, always with the same tensors in the same order. Steps are
 * counted from 1 (bias corrections use that count t). An optimizer is not thread-safe and is never reset:
 * a fresh run creates a fresh optimizer.
 *
 * <p>For a tensor marked {@link ParameterSpec#decayed()}, every rule uses the decayed gradient
 * g = grad + weightDecay·w (coupled L2, the gradient of loss + (weightDecay/2)·‖w‖²); other tensors use g = grad.
 *
 * <p>To resume a run: {@link #state()} after some step, later {@link #restore} into a fresh optimizer of the same
 * kind, config and tensors; the steps that follow are then bit-identical to those of the original.
 */
public interface Optimizer {

    /**
     * Updates {@code params[k]} in place from {@code grads[k]} for every tensor k; {@code grads} is only read.
     * Allocates nothing.
     *
     * @throws IllegalArgumentException if the tensors do not match the specs given at creation
     */
    void step(float[][] params, float[][] grads);

    /** A copy of the step count and every state buffer. */
    OptimizerState state();

    /**
     * Replaces the step count and state buffers with a copy of {@code state}, taken from an optimizer of the same
     * kind and tensors.
     *
     * @throws IllegalArgumentException if the buffers differ in number or size (nothing is changed then)
     */
    void restore(OptimizerState state);
}
