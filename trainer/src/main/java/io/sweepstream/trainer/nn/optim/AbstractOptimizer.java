package io.sweepstream.trainer.nn.optim;

import java.util.List;

/** Shared bookkeeping: shape checks, the step counter, and which tensors get weight decay. */
abstract class AbstractOptimizer implements Optimizer {

    protected final float learningRate;
    private final float weightDecay;
    private final List<ParameterSpec> specs;
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
        }
        return state;
    }
}
