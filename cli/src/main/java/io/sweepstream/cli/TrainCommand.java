package io.sweepstream.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.sweepstream.schemas.Hyperparameter;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.DatasetCache;
import io.sweepstream.trainer.data.LoadedDataset;
import io.sweepstream.trainer.math.Backends;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.run.EngineRunExecutor;
import io.sweepstream.trainer.run.RunExecutor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sweep train}: one run, with the flags of the classic assignment's {@code train.py}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains one multilayer perceptron and prints its metrics per epoch, its test accuracy and confusion matrix.")
final class TrainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-d", "--dataset"}, defaultValue = "fashion_mnist", description = "fashion_mnist or mnist. Default: ${DEFAULT-VALUE}.")
    String dataset;
    @Option(names = {"-e", "--epochs"}, defaultValue = "10", description = "Passes over the training set, >= 1. Default: ${DEFAULT-VALUE}.")
    int epochs;
    @Option(names = {"-b", "--batch_size"}, defaultValue = "64", description = "Mini-batch size, >= 1. Default: ${DEFAULT-VALUE}.")
    int batchSize;
    @Option(names = {"-l", "--loss"}, defaultValue = "cross_entropy", description = "cross_entropy or mean_squared_error. Default: ${DEFAULT-VALUE}.")
    String loss;
    @Option(names = {"-o", "--optimizer"}, defaultValue = "adam", description = "sgd, momentum, nag, rmsprop, adam or nadam. Default: ${DEFAULT-VALUE}.")
    String optimizer;
    @Option(names = {"-lr", "--learning_rate"}, defaultValue = "0.001", description = "Learning rate, > 0. Default: ${DEFAULT-VALUE}.")
    double learningRate;
    @Option(names = {"-m", "--momentum"}, defaultValue = "0.9", description = "Momentum of momentum and nag, in [0, 1). Default: ${DEFAULT-VALUE}.")
    double momentum;
    @Option(names = {"-beta", "--beta"}, defaultValue = "0.9", description = "Decay of rmsprop, in [0, 1). Default: ${DEFAULT-VALUE}.")
    double beta;
    @Option(names = {"-beta1", "--beta1"}, defaultValue = "0.9", description = "beta1 of adam and nadam, in [0, 1). Default: ${DEFAULT-VALUE}.")
    double beta1;
    @Option(names = {"-beta2", "--beta2"}, defaultValue = "0.999", description = "beta2 of adam and nadam, in [0, 1). Default: ${DEFAULT-VALUE}.")
    double beta2;
    @Option(names = {"-eps", "--epsilon"}, defaultValue = "1e-8", description = "Epsilon of rmsprop, adam and nadam, > 0. Default: ${DEFAULT-VALUE}.")
    double epsilon;
    @Option(names = {"-w_d", "--weight_decay"}, defaultValue = "0", description = "L2 weight decay on weights, >= 0. Default: ${DEFAULT-VALUE}.")
    double weightDecay;
    @Option(names = {"-w_i", "--weight_init"}, defaultValue = "Xavier", description = "random, Xavier or he. Default: ${DEFAULT-VALUE}.")
    String weightInit;
    @Option(names = {"-nhl", "--num_layers"}, defaultValue = "3", description = "Hidden layers, >= 1. Default: ${DEFAULT-VALUE}.")
    int numLayers;
    @Option(names = {"-sz", "--hidden_size"}, defaultValue = "128", description = "Units per hidden layer, >= 1. Default: ${DEFAULT-VALUE}.")
    int hiddenSize;
    @Option(names = {"-a", "--activation"}, defaultValue = "ReLU", description = "identity, sigmoid, tanh or ReLU. Default: ${DEFAULT-VALUE}.")
    String activation;
    @Option(names = "--seed", defaultValue = "1", description = "Seeds initialisation, split and shuffling. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--data-dir", description = "Directory with the IDX files (else $SWEEP_DATA_DIR, the user cache, Debian's dataset package, a download).")
    Path dataDir;
    @Option(names = "--backend", paramLabel = "NAME",
            description = "Matrix-multiply backend: auto, blas, vector or ejml. Default: $SWEEP_BACKEND, else auto (the first that loads of blas, vector, ejml).")
    String backend;
    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Threads per run for the matrix products (1..64). 1 suits sweeps (one run per core); more speeds up one run on an otherwise idle machine. Default: $SWEEP_THREADS, else 1.")
    int threads;
    @Option(names = "--json", description = "One JSON object per epoch and one for the result, nothing else on stdout.")
    boolean json;

    @Override
    public void run() {
        Hyperparameters h = hyperparameters();
        DatasetKind kind = parse("--dataset", () -> DatasetKind.parse(dataset));
        Backends.Choice engine = parse("--backend", () -> Backends.choose(backend));
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        LoadedDataset data = DatasetCache.shared().load(DatasetPreflight.require(kind, dataDir));
        if (!json) {
            out.printf(Locale.ROOT, "%s: %,d train / %,d test images from %s (%.1f s)%n", kind.id(), data.train().count(),
                    data.test().count(), data.directory(), (System.nanoTime() - t0) / 1e9);
            out.println("config: " + EventFormat.config(h));
            out.println("backend: " + engine.line() + ", " + threads + " thread" + (threads == 1 ? "" : "s"));
        }
        RunRequest request = RunRequest.newBuilder()
                .setSweepId("train").setRunId("train-" + seed).setDataset(kind.id())
                .setHyperparameters(h).setSeed(seed).setRunIndex(0).setRequestedAtMs(System.currentTimeMillis())
                .build();
        ProgressBar bar = new ProgressBar(out, !json && System.console() != null);
        RunExecutor executor = new EngineRunExecutor(name -> data, new Trainer(engine.matMul(), threads));
        RunResult result = executor.execute(request, 1, "local", new RunExecutor.Progress() {
            @Override
            public void epoch(EpochMetric m) {
                bar.clear();
                out.println(json ? m.toString() : EventFormat.metric(m));
            }

            @Override
            public void batch(int epoch, double runFraction, double samplesPerSecond) {
                bar.show(epoch, epochs, runFraction);
            }
        }, () -> false);
        bar.clear();
        if (json) {
            out.println(result.toString());
            return;
        }
        out.println(EventFormat.result(result));
        out.println();
        out.println("confusion matrix on the test set (rows: true class, columns: predicted):");
        out.print(EventFormat.confusionMatrix(result.getConfusionMatrix(), result.getClassNames()));
    }

    /** The flags as a wire record; names, domains and allowed values come from the {@link Hyperparameter} table. */
    private Hyperparameters hyperparameters() {
        requireThat(threads >= 1 && threads <= 64, "--threads", "must be in 1..64", threads);
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            try {
                values.put(h, h.canonicalise(flagValue(h)));
            } catch (IllegalArgumentException e) {
                // "-lr/--learning_rate must be > 0, found 0.0", "-o/--optimizer: unknown optimizer ..."
                String separator = h.type() == Hyperparameter.Type.CATEGORICAL ? ": " : " ";
                throw new CommandLine.ParameterException(spec.commandLine(), h.flags() + separator + e.getMessage());
            }
        }
        return Hyperparameter.toAvro(values);
    }

    private Object flagValue(Hyperparameter h) {
        return switch (h) {
            case EPOCHS -> epochs;
            case BATCH_SIZE -> batchSize;
            case LOSS -> loss;
            case OPTIMIZER -> optimizer;
            case LEARNING_RATE -> learningRate;
            case MOMENTUM -> momentum;
            case BETA -> beta;
            case BETA1 -> beta1;
            case BETA2 -> beta2;
            case EPSILON -> epsilon;
            case WEIGHT_DECAY -> weightDecay;
            case WEIGHT_INIT -> weightInit;
            case NUM_LAYERS -> numLayers;
            case HIDDEN_SIZE -> hiddenSize;
            case ACTIVATION -> activation;
        };
    }

    private void requireThat(boolean ok, String flag, String rule, Object found) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), flag + " " + rule + ", found " + found);
        }
    }

    private <T> T parse(String flag, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), flag + ": " + e.getMessage());
        }
    }
}
