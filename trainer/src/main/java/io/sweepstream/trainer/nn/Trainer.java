package io.sweepstream.trainer.nn;

import io.sweepstream.trainer.data.Dataset;
import io.sweepstream.trainer.math.MatMul;
import io.sweepstream.trainer.math.ThreadedMatMul;
import java.util.function.BooleanSupplier;

/**
 * Entry point for callers that want a result, not the network: each call is one independent
 * {@link TrainingRun}. Stateless and thread-safe (concurrent calls train separate networks).
 */
public final class Trainer {

    private final MatMul matMul;
    private final int threads;

    /** On the fastest backend here, or the one {@code SWEEP_BACKEND} forces ({@link MatMul#best()}). */
    public Trainer() {
        this(MatMul.best());
    }

    public Trainer(MatMul matMul) {
        this(matMul, 1);
    }

    /**
     * Each run multiplies on {@code threads} threads (its products' rows split between them, see
     * {@link ThreadedMatMul}); 1 keeps a run on its calling thread, which suits sweeps (one run per core).
     *
     * @throws IllegalArgumentException if threads is not in 1..64
     */
    public Trainer(MatMul matMul, int threads) {
        this.matMul = java.util.Objects.requireNonNull(matMul, "matMul");
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be in 1..64, found " + threads);
        }
        this.threads = threads;
    }

    /** Threads per run. */
    public int threads() {
        return threads;
    }

    /** One line for logs and status: the backend's name and what runs underneath. */
    public String describe() {
        return matMul.name() + " (" + matMul.description() + "), " + threads + " thread" + (threads == 1 ? "" : "s") + " per run";
    }

    /** The matrix-multiply backend every run of this trainer uses. */
    public MatMul matMul() {
        return matMul;
    }

    /** Trains without external cancellation; see {@link TrainingRun#run}. */
    public TrainingResult train(TrainingConfig config, Dataset train, Dataset validation, Dataset test,
                                TrainingListener listener) {
        return train(config, train, validation, test, listener, () -> false);
    }

    /**
     * Trains one run; {@code cancelled} is polled between batches (true ends the run as STOPPED).
     *
     * @throws IllegalArgumentException if the datasets are unusable (empty training set, mismatched shapes)
     */
    public TrainingResult train(TrainingConfig config, Dataset train, Dataset validation, Dataset test,
                                TrainingListener listener, BooleanSupplier cancelled) {
        return newRun(config, train, validation, test).run(listener, cancelled);
    }

    /**
     * A run on this trainer's backend and threads, for callers that resume it ({@link TrainingRun#resume}) or need
     * its network; {@link TrainingRun#run} trains it.
     *
     * @throws IllegalArgumentException if the datasets are unusable (empty training set, mismatched shapes)
     */
    public TrainingRun newRun(TrainingConfig config, Dataset train, Dataset validation, Dataset test) {
        return new TrainingRun(config, train, validation, test, matMul, threads);
    }
}
