package io.sweepstream.trainer.nn.optim;

import java.util.ArrayList;
import java.util.List;

/** Shared bookkeeping: shape checks, the step counter, and which tensors get weight decay. */
abstract class AbstractOptimizer implements Optimizer {

    protected final float learningRate;
    private final float weightDecay;
    private final List<ParameterSpec> specs;
    /** Every buffer from {@link #newState()}, in allocation order: what {@link #state()} copies. */
    private final List<float[]> slots = new ArrayList<>();
    private long step;

    AbstractOptimizer(OptimizerConfig config, List<ParameterSpec> specs) {
        this.learningRate = (float) config.learningRate();
        this.weightDecay = (float) config.weightDecay();
        this.specs = List.copyOf(specs);
    }

    @Override
    public final void step(float[][] params, float[][] grads) {
        if (params.length != specs.size() || grads.length != specs.size()) {
            throw new IllegalArgumentException("expected " + specs.size() + " tensors, found " + params.length
                    + " parameters and " + grads.length + " gradients");
        }
        step++;
        beginStep(step);
        for (int k = 0; k < params.length; k++) {
            ParameterSpec spec = specs.get(k);
            if (params[k].length != spec.size() || grads[k].length != spec.size()) {
                throw new IllegalArgumentException(spec.name() + ": expected " + spec.size() + " elements, found "
                        + params[k].length + " parameters and " + grads[k].length + " gradients");
            }
            update(k, params[k], grads[k], spec.decayed() ? weightDecay : 0f);
        }
    }

    @Override
    public final OptimizerState state() {
        return new OptimizerState(step, slots.toArray(new float[0][]));
    }

    @Override
    public final void restore(OptimizerState state) {
        float[][] saved = state.slots();
        if (saved.length != slots.size()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has " + slots.size()
                    + " state buffers, found " + saved.length + " in the saved state");
        }
        for (int i = 0; i < saved.length; i++) {
            if (saved[i].length != slots.get(i).length) {
                throw new IllegalArgumentException("state buffer " + i + " has " + slots.get(i).length
                        + " elements, found " + saved[i].length + " in the saved state");
            }
        }
        // checked in full before anything changes: a mismatched state leaves this optimizer as it was
        for (int i = 0; i < saved.length; i++) {
            System.arraycopy(saved[i], 0, slots.get(i), 0, saved[i].length);
        }
        step = state.steps();
    }

    /** Called once per step, before the tensors, with t = 1, 2, ... (for bias corrections). */
    protected void beginStep(long t) {
    }

    /** Updates tensor k; the gradient to use for element i is grad[i] + decay·w[i]. */
    protected abstract void update(int k, float[] w, float[] grad, float decay);

    /** One zeroed state buffer per tensor, allocated once. */
    protected final float[][] newState() {
        float[][] state = new float[specs.size()][];
        for (int k = 0; k < state.length; k++) {
            state[k] = new float[specs.get(k).size()];
            slots.add(state[k]);
        }
        return state;
    }
}
