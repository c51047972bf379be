package io.sweepstream.trainer.nn;

import io.sweepstream.trainer.data.Dataset;
import io.sweepstream.trainer.math.MatMul;
import io.sweepstream.trainer.math.ThreadedMatMul;
import io.sweepstream.trainer.nn.loss.Loss;
import io.sweepstream.trainer.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.ejml.data.FMatrixRMaj;

/**
 * One training run: builds the network, optimizer and every buffer up front, then {@link #run} trains it once.
 * Use this class when you need the trained {@link #network()}; otherwise {@link Trainer} is shorter.
 *
 * <p>Deterministic: a {@link SplittableRandom} seeded with {@link TrainingConfig#seed()} is split once for the
 * initialisation and once for shuffling, so the same seed, config and data give bit-identical weights and
 * metrics (timings aside) on one machine.
 *
 * <p>Resumable: after each epoch but the last the listener gets a {@link TrainingCheckpoint}; a fresh run of the
 * same config and data, given it by {@link #resume} before {@link #run}, goes on from the next epoch and ends with
 * the weights and metrics the uninterrupted run would have had.
 */
public final class TrainingRun {

    private final TrainingConfig config;
    private final Dataset train;
    private final Dataset validation;
    private final Dataset test;
    private final Network network;
    private final Loss loss;
    private final Optimizer optimizer;
    private final SplittableRandom shuffleRandom;
    private final Workspace workspace;
    private final FMatrixRMaj batchX;
    private final int[] batchLabels;
    private final int[] order;
    private final Evaluator evaluator;
    private final MatMul matMul;
    private boolean started;
    private TrainingCheckpoint resumed;

    /** On {@link MatMul#best()}. */
    public TrainingRun(TrainingConfig config, Dataset train, Dataset validation, Dataset test) {
        this(config, train, validation, test, MatMul.best());
    }

    /**
     * @throws IllegalArgumentException if the training set is empty or the datasets disagree on features or classes
     */
    public TrainingRun(TrainingConfig config, Dataset train, Dataset validation, Dataset test, MatMul matMul) {
        this(config, train, validation, test, matMul, 1);
    }

    /**
     * On {@code threads} threads per product ({@link ThreadedMatMul}; helper threads start with the first product
     * and end with {@link #run}).
     *
     * @throws IllegalArgumentException if the training set is empty or the datasets disagree on features or classes
     */
    public TrainingRun(TrainingConfig config, Dataset train, Dataset validation, Dataset test, MatMul matMul,
                       int threads) {
        this.config = config;
        this.train = train;
        this.validation = validation;
        this.test = test;
        if (train.count() == 0) {
            throw new IllegalArgumentException("training set " + train.name() + " is empty");
        }
        if (train.numClasses() < 2) {
            throw new IllegalArgumentException("training set " + train.name() + " needs >= 2 classes, found "
                    + train.numClasses());
        }
        for (Dataset other : List.of(validation, test)) {
            if (other.features() != train.features() || other.numClasses() != train.numClasses()) {
                throw new IllegalArgumentException(other.name() + " has " + other.features() + " features and "
                        + other.numClasses() + " classes, but " + train.name() + " has " + train.features()
                        + " and " + train.numClasses());
            }
        }
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom initRandom = root.split();
        this.shuffleRandom = root.split();

        this.matMul = ThreadedMatMul.of(matMul, threads);
        network = new Network(train.features(), config.numLayers(), config.hiddenSize(), train.numClasses(),
                config.activation().create(), this.matMul);
        network.initialize(config.weightInit().create(), initRandom);
        loss = config.loss().create();
        optimizer = config.optimizer().create(config.optimizerConfig(), network.parameterSpecs());

        // all per-batch memory, allocated once; the last, smaller batch of an epoch reshapes within it
        int capacity = Math.min(config.batchSize(), train.count());
        workspace = network.newWorkspace(capacity);
        batchX = new FMatrixRMaj(capacity, train.features());
        batchLabels = new int[capacity];
        order = new int[train.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int evalCapacity = Math.max(1, Math.min(Evaluator.CHUNK, Math.max(validation.count(), test.count())));
        evaluator = new Evaluator(network, loss, evalCapacity);
    }

    /** The network being trained (live: after {@link #run} it holds the final weights). */
    public Network network() {
        return network;
    }

    /**
     * Continues from {@code checkpoint} instead of epoch 1: its weights and optimizer state replace the initial
     * ones, the shuffles of its epochs are replayed (so the next epoch's batches are those of an uninterrupted
     * run), and its history counts towards the result. Call before {@link #run}, at most once.
     *
     * @throws IllegalArgumentException if the checkpoint comes from a different network or optimizer, or has
     *                                  more epochs than this run trains (nothing is changed then)
     */
    public void resume(TrainingCheckpoint checkpoint) {
        if (started || resumed != null) {
            throw new IllegalStateException("resume once, before run");
        }
        if (checkpoint.epoch() > config.epochs()) {
            throw new IllegalArgumentException("checkpoint after epoch " + checkpoint.epoch() + ", but this run trains "
                    + config.epochs() + " epochs");
        }
        float[][] saved = checkpoint.parameters();
        float[][] live = network.parameters();
        if (saved.length != live.length) {
            throw new IllegalArgumentException("network has " + live.length + " parameter tensors, found "
                    + saved.length + " in the checkpoint");
        }
        for (int k = 0; k < live.length; k++) {
            if (saved[k].length != live[k].length) {
                throw new IllegalArgumentException(network.parameterSpecs().get(k).name() + " has " + live[k].length
                        + " elements, found " + saved[k].length + " in the checkpoint");
            }
        }
        optimizer.restore(checkpoint.optimizer()); // checks its own shapes before changing anything
        for (int k = 0; k < live.length; k++) {
            System.arraycopy(saved[k], 0, live[k], 0, live[k].length);
        }
        // each epoch shuffles the previous order with the same stream: replaying them restores both
        for (int epoch = 1; epoch <= checkpoint.epoch(); epoch++) {
            shuffle(order);
        }
        resumed = checkpoint;
    }

    /**
     * Trains for up to {@code config.epochs()} epochs of shuffled mini-batches, then evaluates the test set.
     * Never throws for numerical trouble: a non-finite batch loss or weight ends the run as
     * {@link RunOutcome#DIVERGED}. {@code cancelled} is polled before every batch; true ends the run as
     * {@link RunOutcome#STOPPED} without finishing the epoch. May be called once.
     */
    public TrainingResult run(TrainingListener listener, BooleanSupplier cancelled) {
        if (started) {
            throw new IllegalStateException("a TrainingRun trains once; create a new one");
        }
        started = true;
        try {
            return train(listener, cancelled);
        } finally {
            ThreadedMatMul.closeIfThreaded(matMul);
        }
    }

    private TrainingResult train(TrainingListener listener, BooleanSupplier cancelled) {
        long runStart = System.nanoTime();
        int n = train.count();
        int batchSize = workspace.capacity();
        int batches = (n + batchSize - 1) / batchSize;
        List<EpochMetrics> history = new ArrayList<>();
        RunOutcome outcome = RunOutcome.FINISHED;
        int divergedEpoch = 0;
        int divergedBatch = 0;
        double bestValAccuracy = Double.NaN;
        int bestEpoch = 0;
        double earlierSeconds = 0;
        if (resumed != null) {
            for (EpochMetrics m : resumed.history()) {
                history.add(m);
                if (better(m.valAccuracy(), bestValAccuracy)) {
                    bestValAccuracy = m.valAccuracy();
                    bestEpoch = m.epoch();
                }
            }
            earlierSeconds = resumed.elapsedSeconds();
        }

        training:
        for (int epoch = history.size() + 1; epoch <= config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            shuffle(order);
            double lossSum = 0;
            long correct = 0;
            for (int b = 0; b < batches; b++) {
                if (cancelled.getAsBoolean()) {
                    outcome = RunOutcome.STOPPED;
                    break training;
                }
                int from = b * batchSize;
                int rows = Math.min(batchSize, n - from);
                Batches.fill(train, order, from, rows, batchX, batchLabels);
                double batchLoss = network.lossAndGradients(workspace, batchX, batchLabels, loss);
                if (!Double.isFinite(batchLoss)) {
                    outcome = RunOutcome.DIVERGED;
                    divergedEpoch = epoch;
                    divergedBatch = b + 1;
                    break training;
                }
                lossSum += batchLoss * rows;
                correct += countCorrect(workspace.probabilities(), batchLabels, rows);
                optimizer.step(network.parameters(), network.gradients());
                listener.onBatch(epoch, b + 1, batches);
            }
            double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
            // a finite last loss does not guarantee finite weights after its update
            if (!network.parametersFinite()) {
                outcome = RunOutcome.DIVERGED;
                divergedEpoch = epoch;
                divergedBatch = batches;
                break;
            }
            Evaluator.Evaluation val = evaluator.evaluate(validation, null);
            double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
            EpochMetrics metrics = new EpochMetrics(epoch, lossSum / n, (double) correct / n, val.loss(),
                    val.accuracy(), n / trainSeconds, epochSeconds);
            history.add(metrics);
            if (better(val.accuracy(), bestValAccuracy)) {
                bestValAccuracy = val.accuracy();
                bestEpoch = epoch;
            }
            if (listener.onEpoch(metrics) == TrainingListener.Decision.STOP) {
                outcome = epoch == config.epochs() ? RunOutcome.FINISHED : RunOutcome.STOPPED;
                break;
            }
            if (epoch < config.epochs()) {
                // after the last epoch the result follows at once: nothing left to resume
                listener.onCheckpoint(new TrainingCheckpoint(epoch, network.parameters(), optimizer.state(), history,
                        earlierSeconds + (System.nanoTime() - runStart) / 1e9));
            }
        }

        int classes = network.numClasses();
        int[][] confusion = new int[classes][classes];
        Evaluator.Evaluation testEval = evaluator.evaluate(test, confusion);
        double duration = earlierSeconds + (System.nanoTime() - runStart) / 1e9;
        return new TrainingResult(outcome, history.size(), history, bestValAccuracy, bestEpoch, testEval.loss(),
                testEval.accuracy(), confusion, train.classNames(), divergedEpoch, divergedBatch, duration);
    }

    private static boolean better(double accuracy, double best) {
        return accuracy > best || (Double.isNaN(best) && !Double.isNaN(accuracy));
    }

    // Fisher–Yates with the run's shuffle stream: the same seed gives the same batches
    private void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = shuffleRandom.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static long countCorrect(FMatrixRMaj probs, int[] labels, int rows) {
        long correct = 0;
        for (int r = 0; r < rows; r++) {
            if (Batches.argmax(probs, r) == labels[r]) {
                correct++;
            }
        }
        return correct;
    }
}
