package io.sweepstream.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import io.sweepstream.producer.search.IndexedSearch;
import io.sweepstream.producer.search.RandomSearch;
import io.sweepstream.producer.search.SearchStrategy;
import io.sweepstream.schemas.Hyperparameter;
import io.sweepstream.producer.spec.RunConfig;
import io.sweepstream.producer.spec.SweepSpec;
import io.sweepstream.trainer.data.Dataset;
import io.sweepstream.trainer.data.SyntheticDataset;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.nn.TrainingConfig;
import io.sweepstream.trainer.nn.TrainingListener;

/**
 * What a sweep will cost, said before it is launched: its size and its training time on this machine.
 * The time comes from the engine's speed measured here just now on two network sizes, fitted as a cost
 * per training sample that grows with the network's weights. W&B and Optuna users learn the cost of a
 * sweep only after launching it; a typo such as {@code epochs: 100000} should be caught before.
 */
final class SweepEstimate {

    /** Fashion-MNIST and MNIST both have 60,000 training images, 10% held out for validation, and 10,000 test images. */
    static final int TRAIN_SAMPLES = 54_000;
    static final int VALIDATION_SAMPLES = 6_000;
    static final int TEST_SAMPLES = 10_000;
    /** Above these a warning is printed: a run or a sweep this long is more often a typo than a plan. */
    static final double RUN_WARNING_SECONDS = 2 * 3600;
    static final double SWEEP_WARNING_SECONDS = 24 * 3600;
    /** Configs looked at for a huge grid or an unbounded random sweep; the rest are assumed alike. */
    private static final int MAX_CONFIGS = 20_000;
    private static final int CLASSES = 10;

    private static Speed measured;

    private SweepEstimate() {
    }

    /**
     * Training seconds per sample, forward and backward, at batch size 64: {@code fixed + perWeight x weights}.
     * Evaluation (forward only) is counted at a third of that.
     */
    record Speed(double fixedSeconds, double secondsPerWeight) {

        double secondsPerSample(long weights) {
            return fixedSeconds + secondsPerWeight * weights;
        }

        double samplesPerSecond(int layers, int hidden) {
            return 1 / secondsPerSample(RunConfig.weights(layers, hidden));
        }
    }

    /**
     * The cost of a sweep.
     *
     * @param runs            the sweep's size; empty when unbounded (random without run_cap)
     * @param seconds         training time of all its runs one after another (of one run on average when unbounded)
     * @param longestSeconds  the longest run's training time
     * @param longestRun      that run's shape ("100000 epochs of 3x64, batch 64")
     */
    record Estimate(OptionalInt runs, double seconds, double longestSeconds, String longestRun) {
    }

    /** The engine's speed, measured once per process on generated data (about half a second). */
    static synchronized Speed measuredSpeed() {
        if (measured == null) {
            measured = measure();
        }
        return measured;
    }

    static Estimate of(SweepSpec spec, Speed speed) {
        SearchStrategy strategy = SearchStrategy.create(spec.method());
        OptionalInt total = strategy.totalRuns(spec);
        // Bayesian search proposes from results, which do not exist yet: its cost is estimated on random
        // draws from the same space (its first runs are exactly those).
        IndexedSearch indexed = strategy instanceof IndexedSearch i ? i : new RandomSearch();
        int looked = Math.min(total.orElse(100), MAX_CONFIGS);
        double sum = 0;
        double longest = 0;
        String longestRun = "";
        for (int i = 0; i < looked; i++) {
            RunConfig c = indexed.configAt(spec, i);
            double s = runSeconds(c, speed);
            sum += s;
            if (s > longest) {
                longest = s;
                longestRun = shape(c);
            }
        }
        double seconds = total.isPresent() ? sum / looked * total.getAsInt() : sum / looked;
        return new Estimate(total, seconds, longest, longestRun);
    }

    /**
     * Prints the estimate of {@code spec} to {@code out} and its warnings to {@code err}, measuring the
     * engine's speed first (a bayes sweep is estimated on random draws from its space).
     */
    static void print(SweepSpec spec, PrintStream out, PrintStream err) {
        Speed speed = measuredSpeed();
        for (String line : describe(of(spec, speed), speed)) {
            (line.startsWith("warning: ") ? err : out).println(line);
        }
    }

    /** The lines validate, submit and local print: the estimate, then any warning (prefixed "warning: "). */
    static List<String> describe(Estimate e, Speed speed) {
        List<String> lines = new ArrayList<>();
        String speedNote = String.format(Locale.ROOT, "engine speed measured here: %,.0f samples/s at 1x32, %,.0f at 3x256",
                speed.samplesPerSecond(1, 32), speed.samplesPerSecond(3, 256));
        if (e.runs().isEmpty()) {
            lines.add("  compute: unbounded (no run_cap); about " + duration(e.seconds()) + " of training per run on one trainer ("
                    + speedNote + ")");
        } else {
            lines.add("  compute: about " + duration(e.seconds()) + " of training on one trainer, longest run "
                    + duration(e.longestSeconds()) + "; N trainers take about 1/N of it (" + speedNote + ")");
        }
        if (e.longestSeconds() > RUN_WARNING_SECONDS) {
            lines.add("warning: one run alone (" + e.longestRun() + ") trains for about " + duration(e.longestSeconds())
                    + "; check epochs and the network size");
        }
        if (e.runs().isPresent() && e.seconds() > SWEEP_WARNING_SECONDS) {
            lines.add("warning: the whole sweep trains for about " + duration(e.seconds())
                    + " on one trainer; start more trainers, lower run_cap, or narrow the grid");
        }
        return lines;
    }

    static double runSeconds(RunConfig c, Speed speed) {
        int epochs = (Integer) c.get(Hyperparameter.EPOCHS);
        double perSample = speed.secondsPerSample(c.weights());
        double perEpoch = TRAIN_SAMPLES * perSample + VALIDATION_SAMPLES * perSample / 3;
        return epochs * perEpoch + TEST_SAMPLES * perSample / 3;
    }

    /** "3 min 20 s", "5 h 10 min", "2.5 days": the units a person plans with. */
    static String duration(double seconds) {
        if (seconds < 1) {
            return "under a second";
        }
        if (seconds < 60) {
            return Math.round(seconds) + " s";
        }
        if (seconds < 3600) {
            long s = Math.round(seconds);
            return s / 60 + " min " + s % 60 + " s";
        }
        if (seconds < 48 * 3600) {
            long m = Math.round(seconds / 60);
            return m / 60 + " h " + m % 60 + " min";
        }
        return String.format(Locale.ROOT, "%.1f days", seconds / 86_400);
    }

    private static String shape(RunConfig c) {
        return c.get(Hyperparameter.EPOCHS) + " epoch(s) of " + c.get(Hyperparameter.NUM_LAYERS) + "x" + c.get(Hyperparameter.HIDDEN_SIZE)
                + ", batch " + c.get(Hyperparameter.BATCH_SIZE);
    }

    /**
     * Trains a small (1x32) and a larger (1x256) network on generated images for a moment each, after a
     * warm-up for the JIT, and fits the cost per sample through the two points.
     */
    private static Speed measure() {
        Trainer trainer = new Trainer();
        Dataset tiny = SyntheticDataset.blobs("calibration-eval", 64, 28, 28, CLASSES, 1);
        secondsPerSample(trainer, 1, 256, 1_000, tiny); // warm-up: the JIT compiles the hot loops
        double small = secondsPerSample(trainer, 1, 32, 3_000, tiny);
        double large = secondsPerSample(trainer, 1, 256, 1_000, tiny);
        long ws = RunConfig.weights(1, 32);
        long wl = RunConfig.weights(1, 256);
        double perWeight = Math.max((large - small) / (wl - ws), large / wl / 4);
        double fixed = Math.max(0, small - perWeight * ws);
        return new Speed(fixed, perWeight);
    }

    private static double secondsPerSample(Trainer trainer, int layers, int hidden, int samples, Dataset eval) {
        Dataset train = SyntheticDataset.blobs("calibration", samples, 28, 28, CLASSES, 2);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withBatchSize(64).withNumLayers(layers).withHiddenSize(hidden);
        long start = System.nanoTime();
        trainer.train(config, train, eval, eval, TrainingListener.NONE);
        return (System.nanoTime() - start) / 1e9 / samples;
    }
}
