package io.sweepstream.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import io.sweepstream.bench.BenchSupport.PeerResult;
import io.sweepstream.bench.BenchSupport.ProcessOutput;
import io.sweepstream.bench.BenchSupport.Stats;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.Datasets;
import io.sweepstream.trainer.data.LoadedDataset;
import io.sweepstream.trainer.data.Split;
import io.sweepstream.trainer.math.Backends;
import io.sweepstream.trainer.math.MatMul;
import io.sweepstream.trainer.nn.TrainingRun;
import io.sweepstream.trainer.data.Dataset;
import io.sweepstream.trainer.nn.EpochMetrics;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.nn.TrainingConfig;
import io.sweepstream.trainer.nn.TrainingListener;
import io.sweepstream.trainer.nn.TrainingResult;
import io.sweepstream.trainer.nn.activation.ActivationKind;
import io.sweepstream.trainer.nn.init.InitKind;
import io.sweepstream.trainer.nn.loss.LossKind;
import io.sweepstream.trainer.nn.optim.OptimizerKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sweep bench}: training speed of the engine, on every matrix-multiply backend, next to the NumPy
 * ({@code numpy_mlp.py}) and PyTorch ({@code torch_mlp.py}) peers, on the same machine in one run, measurements
 * interleaved (ours on each backend, then each peer, then again) so that other load on the machine hits all alike.
 * Every implementation gets the same threads ({@code --threads}: ours per run, NumPy's OPENBLAS_NUM_THREADS,
 * PyTorch's --threads).
 *
 * <p>Samples/s is defined as numpy_mlp.py defines it: epochs × training samples / training wall time summed over the
 * epochs, evaluation excluded. Reported per config as the median of the repeats, with min and max.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the training speed (samples/s) of the engine on every backend, side by side with the NumPy "
                + "(numpy_mlp.py) and PyTorch (torch_mlp.py) peers on Fashion-MNIST, interleaving the runs: ours, peers, ours, peers, ...",
                "samples/s = epochs x training samples / training wall time summed over the epochs (evaluation "
                        + "excluded), as the peers compute it; the tables show the median of the repeats (min .. max).",
                "Configs (as in the peers' RESULTS.md): A 5x128 relu adam lr 1e-3 batch 64 wd 5e-4 xavier; "
                        + "B 3x32 tanh nadam lr 1e-3 batch 16; C 4x64 sigmoid momentum 0.9 lr 1e-3 batch 32; D as A, 10 epochs."})
public final class BenchCommand implements Callable<Integer> {

    /** One benchmark configuration of RESULTS.md. {@code epochs} is what the bench runs unless --epochs says otherwise. */
    record BenchConfig(String name, int layers, int width, ActivationKind activation, OptimizerKind optimizer,
                       double learningRate, double momentum, int batchSize, double weightDecay, int epochs) {

        String network() {
            return layers + "x" + width + " " + activation.cliName();
        }

        String training() {
            StringBuilder s = new StringBuilder(optimizer.cliName());
            if (optimizer == OptimizerKind.MOMENTUM || optimizer == OptimizerKind.NAG) {
                s.append(' ').append(plain(momentum));
            }
            s.append(", lr ").append(plain(learningRate)).append(", batch ").append(batchSize);
            if (weightDecay > 0) {
                s.append(", weight decay ").append(plain(weightDecay));
            }
            return s.append(", xavier, cross-entropy").toString();
        }

        TrainingConfig engineConfig(int runEpochs, long seed) {
            return TrainingConfig.defaults()
                    .withEpochs(runEpochs).withBatchSize(batchSize).withLoss(LossKind.CROSS_ENTROPY)
                    .withOptimizer(optimizer).withLearningRate(learningRate).withMomentum(momentum)
                    .withWeightDecay(weightDecay).withWeightInit(InitKind.XAVIER)
                    .withNumLayers(layers).withHiddenSize(width).withActivation(activation).withSeed(seed);
        }

        /** The peers' flags for the same network and training (their defaults: β1 0.9, β2 0.999, ε 1e-8, xavier). */
        List<String> peerFlags(int runEpochs, long seed) {
            List<String> f = new ArrayList<>(List.of("-L", Integer.toString(layers), "-H", Integer.toString(width),
                    "--activation", activation.cliName(), "--optimizer", optimizer.cliName(), "--lr", plain(learningRate)));
            if (optimizer == OptimizerKind.MOMENTUM || optimizer == OptimizerKind.NAG) {
                f.addAll(List.of("--momentum", plain(momentum)));
            }
            f.addAll(List.of("--batch-size", Integer.toString(batchSize)));
            if (weightDecay > 0) {
                f.addAll(List.of("--weight-decay", plain(weightDecay)));
            }
            f.addAll(List.of("--epochs", Integer.toString(runEpochs), "--seed", Long.toString(seed)));
            return f;
        }
    }

    static final Map<String, BenchConfig> CONFIGS = configs();

    private static Map<String, BenchConfig> configs() {
        Map<String, BenchConfig> m = new LinkedHashMap<>();
        m.put("A", new BenchConfig("A", 5, 128, ActivationKind.RELU, OptimizerKind.ADAM, 1e-3, 0.9, 64, 5e-4, 2));
        m.put("B", new BenchConfig("B", 3, 32, ActivationKind.TANH, OptimizerKind.NADAM, 1e-3, 0.9, 16, 0, 2));
        m.put("C", new BenchConfig("C", 4, 64, ActivationKind.SIGMOID, OptimizerKind.MOMENTUM, 1e-3, 0.9, 32, 0, 2));
        m.put("D", new BenchConfig("D", 5, 128, ActivationKind.RELU, OptimizerKind.ADAM, 1e-3, 0.9, 64, 5e-4, 10));
        return java.util.Collections.unmodifiableMap(m);
    }

    static final List<String> THREAD_VARIABLES = List.of("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--configs", split = ",", defaultValue = "A,B,C", paramLabel = "NAME",
            description = "Configs to measure, comma-separated, from A, B, C, D. Default: ${DEFAULT-VALUE}.")
    List<String> configNames;

    @Option(names = "--backends", split = ",", defaultValue = "all", paramLabel = "NAME",
            description = "Engine backends to measure, comma-separated, from blas, vector, ejml, or auto (the one sweep train "
                    + "would pick) or all (every one that loads here). Default: ${DEFAULT-VALUE}.")
    List<String> backendNames;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Epochs per measurement, >= 1. Default: 2 for A, B and C; 10 for D (its definition).")
    Integer epochs;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "N",
            description = "Measurements per config and implementation, >= 1. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Threads of every implementation: ours per run (--threads of sweep train), NumPy's OPENBLAS_NUM_THREADS, "
                    + "PyTorch's --threads (and its OPENBLAS_NUM_THREADS). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--no-warmup", description = "Measure ours from a cold JIT. By default each backend first trains one untimed "
            + "short run (1 epoch on 6,000 images), as a sweep worker is warm after its first run.")
    boolean noWarmup;

    @Option(names = "--peers", paramLabel = "DIR",
            description = "Directory with numpy_mlp.py and torch_mlp.py. Default: ../shared/bench/peers next to the repository root, if it exists; else no peer.")
    Path peersDir;

    @Option(names = "--no-peers", description = "Measure the engine only.")
    boolean noPeers;

    @Option(names = "--peer-dtype", defaultValue = "float32", paramLabel = "DTYPE",
            description = "numpy_mlp.py's --dtype: float32, float64 or both. Default: ${DEFAULT-VALUE} (the engine trains in float32).")
    String peerDtype;

    @Option(names = "--python", defaultValue = "python3", paramLabel = "EXE",
            description = "Python interpreter for the NumPy peer. Default: ${DEFAULT-VALUE}.")
    String python;

    @Option(names = "--torch-python", defaultValue = "/usr/bin/python3", paramLabel = "EXE",
            description = "Python interpreter for the PyTorch peer (Debian's python3-torch). Default: ${DEFAULT-VALUE}.")
    String torchPython;

    @Option(names = "--no-torch", description = "Leave out the PyTorch peer.")
    boolean noTorch;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of every implementation (split, initialisation, shuffling). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory with the Fashion-MNIST IDX files (else $SWEEP_DATA_DIR, the user cache, Debian's package, a download). "
                    + "When given, the peers read it too (FMNIST_DIR).")
    Path dataDir;

    @Option(names = "--json", description = "One JSON object per config on stdout, nothing else (progress stays on stderr).")
    boolean json;

    /** One measured run of one implementation. */
    record Measurement(double samplesPerSecond, double valAccuracy, double bestValAccuracy, double testAccuracy,
                       double wallSeconds, double bestEpochSamplesPerSecond, double cpuStall) {
    }

    /** One implementation of ours being measured: the engine on one backend. */
    static final class Ours {
        final MatMul matMul;
        final List<Measurement> runs = new ArrayList<>();
        Measurement warmup;
        double warmupSeconds = Double.NaN;

        Ours(MatMul matMul) {
            this.matMul = matMul;
        }

        String label() {
            return "ours " + matMul.name();
        }
    }

    /** A peer implementation being measured: numpy_mlp.py with one dtype, or torch_mlp.py. */
    static final class Peer {
        final String impl;
        final String dtype;
        final List<Measurement> runs = new ArrayList<>();
        final Map<String, String> env = new LinkedHashMap<>();
        List<String> command;
        String banner;
        Integer blasThreads;
        String failure;

        Peer(String impl, String dtype) {
            this.impl = impl;
            this.dtype = dtype;
        }

        String label() {
            return impl.equals("numpy") ? "numpy " + dtype : "pytorch " + dtype;
        }
    }

    @Override
    public Integer call() {
        List<BenchConfig> selected = selectedConfigs();
        if (epochs != null && epochs < 1) {
            throw bad("--epochs must be >= 1, found " + epochs);
        }
        if (repeats < 1) {
            throw bad("--repeats must be >= 1, found " + repeats);
        }
        if (threads < 1 || threads > 64) {
            throw bad("--threads must be in 1..64, found " + threads);
        }
        List<String> dtypes = switch (peerDtype.trim().toLowerCase(Locale.ROOT)) {
            case "float32" -> List.of("float32");
            case "float64" -> List.of("float64");
            case "both" -> List.of("float32", "float64");
            default -> throw bad("--peer-dtype must be float32, float64 or both, found '" + peerDtype + "'");
        };
        if (noPeers && peersDir != null) {
            throw bad("--peers and --no-peers contradict each other; give one");
        }
        if (peersDir != null && !Files.isRegularFile(peersDir.resolve("numpy_mlp.py"))) {
            throw bad("--peers " + peersDir + " holds no numpy_mlp.py");
        }
        List<MatMul> backends = selectedBackends();

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter info = json ? err : out; // header lines: stdout in text mode, stderr with --json

        Map<String, Object> machine = machine();
        Map<String, Object> threadEnv = new LinkedHashMap<>();
        for (String v : THREAD_VARIABLES) {
            threadEnv.put(v, System.getenv(v));
        }
        info.println("machine: " + machineLine(machine));
        for (MatMul m : backends) {
            info.println("engine: float32, backend " + m.name() + " (" + m.description() + "), " + threads + " thread"
                    + (threads == 1 ? "" : "s") + " per run");
        }
        Backends.unavailable().forEach((kind, why) -> info.println("engine: backend " + kind.cliName() + " not measured: " + why));
        info.println("engine: auto would pick " + Backends.choose("auto").matMul().name()
                + (noWarmup ? "; cold JIT (--no-warmup)" : "; each backend warmed up by one untimed 1-epoch run on 6,000 images"));
        info.flush();

        // the peers: explicit, default next to the repository, or none
        Path peers = noPeers ? null : peersDir != null ? peersDir.toAbsolutePath().normalize() : defaultPeersDir();
        List<String> peerNotes = new ArrayList<>();
        boolean numpyOk = false;
        boolean torchOk = false;
        if (noPeers) {
            peerNotes.add("peers: off (--no-peers)");
        } else if (peers == null) {
            peerNotes.add("peers: off (no --peers, and no ../shared/bench/peers/numpy_mlp.py next to the repository)");
        } else {
            String numpyVersion = probe(python, "import numpy; print(numpy.__version__)");
            numpyOk = numpyVersion != null && !numpyVersion.startsWith("!");
            peerNotes.add(numpyOk ? "peer: " + peers.resolve("numpy_mlp.py") + " with " + python + " (numpy " + numpyVersion + "), --dtype "
                    + String.join(" and ", dtypes) + ", OPENBLAS_NUM_THREADS=" + threads
                    : "peer numpy: off (" + python + ": " + (numpyVersion == null ? "not found" : numpyVersion.substring(1)) + ")");
            if (noTorch) {
                peerNotes.add("peer pytorch: off (--no-torch)");
            } else if (!Files.isRegularFile(peers.resolve("torch_mlp.py"))) {
                peerNotes.add("peer pytorch: off (no torch_mlp.py in " + peers + ")");
            } else {
                String torchVersion = probe(torchPython, "import torch; print(torch.__version__)");
                torchOk = torchVersion != null && !torchVersion.startsWith("!");
                peerNotes.add(torchOk ? "peer: " + peers.resolve("torch_mlp.py") + " with " + torchPython + " (torch " + torchVersion
                        + "), float32, --threads " + threads
                        : "peer pytorch: off (" + torchPython + ": " + (torchVersion == null ? "not found" : torchVersion.substring(1))
                        + "; apt-get install python3-torch)");
            }
            if (Thread.currentThread().isInterrupted()) {
                return 1;
            }
        }
        peerNotes.forEach(info::println);
        info.println("threads: " + threads + " per implementation; environment " + threadLine(threadEnv));
        info.flush();

        long t0 = System.nanoTime();
        LoadedDataset data = Datasets.load(DatasetKind.FASHION_MNIST, dataDir);
        Split split = Split.stratified(data.train(), seed);
        info.printf(Locale.ROOT, "data: %s, %,d train / %,d validation (stratified 90/10, seed %d) / %,d test images (%.1f s)%n",
                data.directory(), split.train().count(), split.validation().count(), seed, data.test().count(),
                (System.nanoTime() - t0) / 1e9);
        info.println("samples/s = epochs x training samples / training wall time summed over the epochs (evaluation excluded), "
                + "as the peers define it; median of " + repeats + " repeat" + (repeats == 1 ? "" : "s") + " (min .. max); "
                + "wall s = the epoch loop incl. validation (no data load, no test); cpu stall = worst share of a measurement's "
                + "wall time that runnable threads waited for a CPU (Linux PSI; high = other load, numbers unreliable)");
        info.flush();

        Map<String, String> peerEnv = new LinkedHashMap<>();
        if (dataDir != null) {
            peerEnv.put("FMNIST_DIR", data.directory().toAbsolutePath().toString());
        }
        peerEnv.put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        for (BenchConfig c : selected) {
            int runEpochs = epochs != null ? epochs : c.epochs();
            TrainingConfig config = c.engineConfig(runEpochs, seed);
            List<Ours> ours = new ArrayList<>();
            for (MatMul m : backends) {
                ours.add(new Ours(m));
            }
            List<Peer> peerRuns = new ArrayList<>();
            if (peers != null && numpyOk) {
                for (String dtype : dtypes) {
                    Peer p = new Peer("numpy", dtype);
                    List<String> command = new ArrayList<>(List.of(python, peers.resolve("numpy_mlp.py").toString()));
                    command.addAll(c.peerFlags(runEpochs, seed));
                    command.addAll(List.of("--dtype", dtype));
                    p.command = List.copyOf(command);
                    p.env.putAll(peerEnv);
                    peerRuns.add(p);
                }
            }
            if (peers != null && torchOk) {
                Peer p = new Peer("pytorch", "float32");
                List<String> command = new ArrayList<>(List.of(torchPython, peers.resolve("torch_mlp.py").toString()));
                command.addAll(c.peerFlags(runEpochs, seed));
                command.addAll(List.of("--threads", Integer.toString(threads)));
                p.command = List.copyOf(command);
                p.env.putAll(peerEnv);
                peerRuns.add(p);
            }
            for (Peer p : peerRuns) {
                err.println("[" + c.name() + "] " + p.label() + " command: " + String.join(" ", p.command));
            }
            if (!noWarmup) {
                for (Ours o : ours) {
                    long w0 = System.nanoTime();
                    o.warmup = measureOurs(o.matMul, config.withEpochs(1), warmupSubset(split.train()), split, data);
                    o.warmupSeconds = (System.nanoTime() - w0) / 1e9;
                    err.println(String.format(Locale.ROOT, "[%s warm-up] %-14s %.1f s", c.name(), o.label(), o.warmupSeconds));
                }
            }
            for (int r = 1; r <= repeats; r++) {
                String tag = String.format(Locale.ROOT, "[%s %d/%d]", c.name(), r, repeats);
                for (Ours o : ours) {
                    Measurement m = measureOurs(o.matMul, config, split.train(), split, data);
                    o.runs.add(m);
                    err.println(progress(tag, o.label(), runEpochs, m));
                    err.flush();
                }
                for (Peer p : peerRuns) {
                    if (p.failure != null) {
                        continue;
                    }
                    measurePeer(p, c, r);
                    if (p.failure != null) {
                        err.println(tag + " " + p.label() + " failed: " + p.failure + " (not run again for " + c.name() + ")");
                    } else {
                        err.println(progress(tag, p.label(), runEpochs, p.runs.get(p.runs.size() - 1)));
                    }
                    err.flush();
                    if (Thread.currentThread().isInterrupted()) {
                        return 1;
                    }
                }
            }
            if (json) {
                out.println(BenchSupport.toJson(jsonObject(c, runEpochs, split, data, machine, threadEnv, peerNotes, ours, peerRuns)));
            } else {
                printTable(out, c, runEpochs, ours, peerRuns);
            }
            out.flush();
        }
        String loadEnd = BenchSupport.loadAverage();
        if (loadEnd != null) {
            info.println("load average at the end: " + loadEnd);
            info.flush();
        }
        return 0;
    }

    // ------------------------------------------------------------------ measuring

    /** The first 6,000 training images: enough batches for the JIT to compile the hot loops. */
    private static Dataset warmupSubset(Dataset train) {
        int n = Math.min(train.count(), 6000);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        return train.subset(train.name() + ":warmup", indices);
    }

    private Measurement measureOurs(MatMul matMul, TrainingConfig config, Dataset train, Split split, LoadedDataset data) {
        long psi0 = BenchSupport.cpuPressureMicros();
        long t0 = System.nanoTime();
        TrainingResult result = new TrainingRun(config, train, split.validation(), data.test(), matMul, threads)
                .run(TrainingListener.NONE, () -> false);
        double stall = BenchSupport.stallFraction(psi0, BenchSupport.cpuPressureMicros(), (System.nanoTime() - t0) / 1e9);
        List<EpochMetrics> epochs = result.epochs();
        if (epochs.isEmpty()) {
            return new Measurement(Double.NaN, Double.NaN, Double.NaN, Double.NaN, result.durationSeconds(), Double.NaN, stall);
        }
        // The peers' definition: epochs × n / Σ training seconds; EpochMetrics gives n / training seconds per epoch.
        double inverseSum = 0;
        double wall = 0;
        double best = 0;
        for (EpochMetrics m : epochs) {
            inverseSum += 1 / m.samplesPerSecond();
            wall += m.epochSeconds();
            best = Math.max(best, m.samplesPerSecond());
        }
        return new Measurement(epochs.size() / inverseSum, epochs.get(epochs.size() - 1).valAccuracy(), result.bestValAccuracy(),
                result.testAccuracy(), wall, best, stall);
    }

    /** The last line the interpreter prints for {@code code}, or "!" + why it failed, or null if it did not start. */
    private static String probe(String exe, String code) {
        try {
            ProcessOutput check = BenchSupport.run(List.of(exe, "-c", code), Map.of());
            if (check.exitCode() != 0) {
                return "!" + check.tail(1);
            }
            return check.lines().isEmpty() ? "?" : check.lines().get(check.lines().size() - 1).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "!interrupted";
        }
    }

    private static void measurePeer(Peer p, BenchConfig c, int repeat) {
        List<String> command = new ArrayList<>(p.command);
        command.addAll(List.of("--tag", "bench_" + c.name() + "_" + p.impl + "_" + p.dtype + "_r" + repeat));
        try {
            long psi0 = BenchSupport.cpuPressureMicros();
            ProcessOutput o = BenchSupport.run(command, p.env);
            double stall = BenchSupport.stallFraction(psi0, BenchSupport.cpuPressureMicros(), o.wallSeconds());
            if (o.exitCode() != 0) {
                p.failure = "exit " + o.exitCode() + ": " + o.tail(2);
                return;
            }
            PeerResult r = BenchSupport.parseResult(o.lines());
            if (p.banner == null && !o.lines().isEmpty()) {
                p.banner = o.lines().get(0).trim();
            }
            p.blasThreads = r.blasThreads();
            p.runs.add(new Measurement(r.samplesPerSecond(), r.valAccuracy(), r.bestValAccuracy(), r.testAccuracy(), r.wallSeconds(),
                    r.bestEpochSamplesPerSecond(), stall));
        } catch (IOException e) {
            p.failure = e.getMessage();
        } catch (IllegalArgumentException e) {
            p.failure = e.getMessage();
        } catch (InterruptedException e) {
            p.failure = "interrupted";
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ output

    private static String progress(String tag, String who, int epochs, Measurement m) {
        return String.format(Locale.ROOT, "%s %-14s %d epoch%s  %,9.0f samples/s  val acc %.4f  wall %.1f s  cpu stall %s", tag, who,
                epochs, epochs == 1 ? " " : "s", m.samplesPerSecond(), m.valAccuracy(), m.wallSeconds(), percent(m.cpuStall()));
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    private static void printTable(PrintWriter out, BenchConfig c, int runEpochs, List<Ours> ours, List<Peer> peers) {
        out.println();
        out.printf(Locale.ROOT, "config %s: %s, %s; %d epoch%s x %d repeat%s%n", c.name(), c.network(), c.training(), runEpochs,
                runEpochs == 1 ? "" : "s", ours.isEmpty() ? 0 : ours.get(0).runs.size(), ours.isEmpty() || ours.get(0).runs.size() == 1 ? "" : "s");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-22s %10s  %-22s %8s %8s %9s", "", "samples/s",
                "(min .. max)", "val acc", "wall s", "cpu stall"));
        for (Peer p : peers) {
            head.append(String.format(Locale.ROOT, "  %14s", "/ " + p.label()));
        }
        out.println(head.toString().stripTrailing());
        for (Ours o : ours) {
            Stats s = stats(o.runs, Measurement::samplesPerSecond);
            StringBuilder ratios = new StringBuilder();
            for (Peer p : peers) {
                double peer = stats(p.runs, Measurement::samplesPerSecond).median();
                ratios.append(String.format(Locale.ROOT, "  %13.2fx", s.median() / peer));
            }
            row(out, o.label(), o.runs, ratios.toString());
        }
        for (Peer p : peers) {
            if (p.runs.isEmpty()) {
                out.printf(Locale.ROOT, "  %-22s failed: %s%n", p.label(), p.failure);
                continue;
            }
            row(out, p.label(), p.runs, "");
            if (p.failure != null) {
                out.printf(Locale.ROOT, "  %-22s (%d of the runs failed: %s)%n", "", p.runs.size(), p.failure);
            }
        }
        for (Peer p : peers) {
            if (p.banner != null) {
                out.println("  " + p.label() + ": " + p.banner);
            }
        }
    }

    private static void row(PrintWriter out, String label, List<Measurement> runs, String ratios) {
        Stats s = stats(runs, Measurement::samplesPerSecond);
        out.println(String.format(Locale.ROOT, "  %-22s %,10.0f  %-22s %8.4f %8.1f %9s%s", label, s.median(),
                String.format(Locale.ROOT, "(%,.0f .. %,.0f)", s.min(), s.max()),
                stats(runs, Measurement::valAccuracy).median(), stats(runs, Measurement::wallSeconds).median(),
                percent(stats(runs, Measurement::cpuStall).max()), ratios).stripTrailing());
    }

    private Map<String, Object> jsonObject(BenchConfig c, int runEpochs, Split split, LoadedDataset data, Map<String, Object> machine,
                                           Map<String, Object> threadEnv, List<String> peerNotes, List<Ours> ours, List<Peer> peers) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("config", c.name());
        o.put("network", c.network());
        o.put("training", c.training());
        o.put("epochs", runEpochs);
        o.put("repeats", repeats);
        o.put("threads", threads);
        o.put("warmup", !noWarmup);
        o.put("seed", seed);
        o.put("train_samples", split.train().count());
        o.put("validation_samples", split.validation().count());
        o.put("data_dir", data.directory().toString());
        o.put("samples_per_sec_definition", "epochs * training samples / training seconds summed over the epochs, evaluation excluded");
        o.put("machine", machine);
        o.put("load_average_end", BenchSupport.loadAverage());
        o.put("thread_env", threadEnv);
        o.put("command", commandLine());
        List<Object> oursList = new ArrayList<>();
        for (Ours x : ours) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("impl", "sweepstream");
            j.put("backend", x.matMul.name());
            j.put("backend_description", x.matMul.description());
            j.put("kernels", io.sweepstream.trainer.math.Kernels.get().name());
            j.put("warmup_seconds", x.warmupSeconds);
            j.putAll(implJson(x.runs));
            Map<String, Object> ratios = new LinkedHashMap<>();
            double median = stats(x.runs, Measurement::samplesPerSecond).median();
            for (Peer p : peers) {
                ratios.put(p.label(), p.runs.isEmpty() ? null : median / stats(p.runs, Measurement::samplesPerSecond).median());
            }
            j.put("ratio_over_peer", ratios);
            oursList.add(j);
        }
        o.put("ours", oursList);
        List<Object> peerList = new ArrayList<>();
        for (Peer p : peers) {
            Map<String, Object> pj = new LinkedHashMap<>();
            pj.put("impl", p.impl);
            pj.put("label", p.label());
            pj.put("dtype", p.dtype);
            pj.put("command", String.join(" ", p.command));
            pj.put("env", p.env);
            pj.put("banner", p.banner);
            pj.put("blas_threads", p.blasThreads);
            pj.putAll(implJson(p.runs));
            pj.put("error", p.failure);
            peerList.add(pj);
        }
        o.put("peers", peerList);
        o.put("peer_notes", peerNotes);
        return o;
    }

    /** The command line as typed (the bench's own arguments), for the report's "how to redo it". */
    private String commandLine() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs());
        // as a subcommand of sweep, picocli keeps the whole command line, "bench" included
        if (!args.isEmpty() && args.get(0).equals("bench")) {
            args.remove(0);
        }
        return "./sweep bench" + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }

    private static Map<String, Object> implJson(List<Measurement> runs) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("samples_per_sec", statsJson(stats(runs, Measurement::samplesPerSecond)));
        j.put("val_acc", statsJson(stats(runs, Measurement::valAccuracy)));
        j.put("best_val_acc", statsJson(stats(runs, Measurement::bestValAccuracy)));
        j.put("test_acc", statsJson(stats(runs, Measurement::testAccuracy)));
        j.put("wall_seconds", statsJson(stats(runs, Measurement::wallSeconds)));
        j.put("cpu_stall", statsJson(stats(runs, Measurement::cpuStall)));
        List<Object> list = new ArrayList<>();
        for (Measurement m : runs) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("samples_per_sec", m.samplesPerSecond());
            r.put("val_acc", m.valAccuracy());
            r.put("best_val_acc", m.bestValAccuracy());
            r.put("test_acc", m.testAccuracy());
            r.put("wall_seconds", m.wallSeconds());
            r.put("best_epoch_samples_per_sec", m.bestEpochSamplesPerSecond());
            r.put("cpu_stall", m.cpuStall());
            list.add(r);
        }
        j.put("runs", list);
        return j;
    }

    private static Map<String, Object> statsJson(Stats s) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("median", s.median());
        j.put("min", s.min());
        j.put("max", s.max());
        return j;
    }

    private static Stats stats(List<Measurement> runs, java.util.function.ToDoubleFunction<Measurement> f) {
        List<Double> v = new ArrayList<>();
        for (Measurement m : runs) {
            v.add(f.applyAsDouble(m));
        }
        return Stats.of(v);
    }

    // ------------------------------------------------------------------ machine and environment

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", BenchSupport.cpuModel());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("load_average_start", BenchSupport.loadAverage());
        return m;
    }

    private static String machineLine(Map<String, Object> m) {
        return m.get("cores") + " cores" + (m.get("cpu") != null ? " (" + m.get("cpu") + ")" : "") + ", Java " + m.get("java")
                + ", " + m.get("os") + (m.get("load_average_start") != null ? ", load average " + m.get("load_average_start") : "");
    }

    private static String threadLine(Map<String, Object> env) {
        List<String> parts = new ArrayList<>();
        env.forEach((k, v) -> parts.add(k + "=" + (v == null ? "(unset)" : v)));
        return String.join(" ", parts);
    }

    /** ../shared/bench/peers next to the repository root (found from the working directory, then from the jar), or null. */
    static Path defaultPeersDir() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: the working directory is enough
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("pom.xml")) && (Files.exists(p.resolve("mvnw")) || Files.exists(p.resolve(".git")))) {
                    Path peers = p.resolve("../shared/bench/peers").normalize();
                    if (Files.isRegularFile(peers.resolve("numpy_mlp.py"))) {
                        return peers;
                    }
                    break;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ flags

    private List<BenchConfig> selectedConfigs() {
        Set<BenchConfig> chosen = new LinkedHashSet<>();
        for (String raw : configNames) {
            String name = raw.trim().toUpperCase(Locale.ROOT);
            BenchConfig c = CONFIGS.get(name);
            if (c == null) {
                throw bad("--configs: unknown config '" + raw.trim() + "'; allowed: " + String.join(", ", CONFIGS.keySet()));
            }
            chosen.add(c);
        }
        if (chosen.isEmpty()) {
            throw bad("--configs: give at least one of " + String.join(", ", CONFIGS.keySet()));
        }
        return new ArrayList<>(chosen);
    }

    private List<MatMul> selectedBackends() {
        Set<MatMul> chosen = new LinkedHashSet<>();
        for (String raw : backendNames) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.equals("all")) {
                chosen.addAll(Backends.available());
                continue;
            }
            try {
                chosen.add(Backends.choose(name).matMul());
            } catch (IllegalArgumentException e) {
                throw bad("--backends: " + e.getMessage());
            }
        }
        if (chosen.isEmpty()) {
            throw bad("--backends: give at least one of blas, vector, ejml, auto, all");
        }
        return new ArrayList<>(chosen);
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
