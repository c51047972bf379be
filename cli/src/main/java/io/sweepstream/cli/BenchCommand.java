package io.sweepstream.cli;

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

import io.sweepstream.cli.BenchSupport.PeerResult;
import io.sweepstream.cli.BenchSupport.ProcessOutput;
import io.sweepstream.cli.BenchSupport.Stats;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.Datasets;
import io.sweepstream.trainer.data.LoadedDataset;
import io.sweepstream.trainer.data.Split;
import io.sweepstream.trainer.math.Backends;
import io.sweepstream.trainer.math.MatMul;
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
 * {@code sweep bench}: training speed of the engine next to the NumPy peer ({@code numpy_mlp.py}), on the same machine
 * in one run, measurements interleaved (ours, peer, ours, peer, ...) so that other load on the machine hits both alike.
 *
 * <p>Samples/s is defined as numpy_mlp.py defines it: epochs × training samples / training wall time summed over the
 * epochs, evaluation excluded. Reported per config as the median of the repeats, with min and max.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the training speed (samples/s) of the engine side by side with the NumPy peer "
                + "(numpy_mlp.py) on Fashion-MNIST, interleaving the runs: ours, peer, ours, peer, ...",
                "samples/s = epochs x training samples / training wall time summed over the epochs (evaluation "
                        + "excluded), as numpy_mlp.py computes it; the tables show the median of the repeats (min .. max).",
                "Configs (as in the peers' RESULTS.md): A 5x128 relu adam lr 1e-3 batch 64 wd 5e-4 xavier; "
                        + "B 3x32 tanh nadam lr 1e-3 batch 16; C 4x64 sigmoid momentum 0.9 lr 1e-3 batch 32; D as A, 10 epochs."})
final class BenchCommand implements Callable<Integer> {

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

        /** numpy_mlp.py's flags for the same network and training (its defaults: β1 0.9, β2 0.999, ε 1e-8, xavier). */
        List<String> peerFlags(int runEpochs, long seed, String dtype) {
            List<String> f = new ArrayList<>(List.of("-L", Integer.toString(layers), "-H", Integer.toString(width),
                    "--activation", activation.cliName(), "--optimizer", optimizer.cliName(), "--lr", plain(learningRate)));
            if (optimizer == OptimizerKind.MOMENTUM || optimizer == OptimizerKind.NAG) {
                f.addAll(List.of("--momentum", plain(momentum)));
            }
            f.addAll(List.of("--batch-size", Integer.toString(batchSize)));
            if (weightDecay > 0) {
                f.addAll(List.of("--weight-decay", plain(weightDecay)));
            }
            f.addAll(List.of("--epochs", Integer.toString(runEpochs), "--seed", Long.toString(seed), "--dtype", dtype));
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

    @Option(names = "--epochs", paramLabel = "N",
            description = "Epochs per measurement, >= 1. Default: 2 for A, B and C; 10 for D (its definition).")
    Integer epochs;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "N",
            description = "Measurements per config and implementation, >= 1. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--peers", paramLabel = "DIR",
            description = "Directory with numpy_mlp.py. Default: ../shared/bench/peers next to the repository root, if it exists; else no peer.")
    Path peersDir;

    @Option(names = "--no-peers", description = "Measure the engine only.")
    boolean noPeers;

    @Option(names = "--peer-dtype", defaultValue = "float32", paramLabel = "DTYPE",
            description = "numpy_mlp.py's --dtype: float32, float64 or both. Default: ${DEFAULT-VALUE} (the engine trains in float32).")
    String peerDtype;

    @Option(names = "--python", defaultValue = "python3", paramLabel = "EXE",
            description = "Python interpreter for the peer. Default: ${DEFAULT-VALUE}.")
    String python;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of both implementations (split, initialisation, shuffling). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory with the Fashion-MNIST IDX files (else $SWEEP_DATA_DIR, the user cache, Debian's package, a download). "
                    + "When given, the peer reads it too (FMNIST_DIR).")
    Path dataDir;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Matrix-multiply backend of the engine: auto, blas, vector or ejml. Default: $SWEEP_BACKEND, else auto.")
    String backendName;

    @Option(names = "--json", description = "One JSON object per config on stdout, nothing else (progress stays on stderr).")
    boolean json;

    /** One measured run of one implementation. */
    record Measurement(double samplesPerSecond, double valAccuracy, double wallSeconds, double bestEpochSamplesPerSecond,
                       double cpuStall) {
    }

    /** A peer implementation being measured: numpy_mlp.py with one dtype. */
    static final class Peer {
        final String dtype;
        final List<Measurement> runs = new ArrayList<>();
        List<String> command;
        String banner;
        Integer blasThreads;
        String failure;

        Peer(String dtype) {
            this.dtype = dtype;
        }

        String label() {
            return "numpy " + dtype;
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

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter info = json ? err : out; // header lines: stdout in text mode, stderr with --json

        Backends.Choice choice;
        try {
            choice = Backends.choose(backendName);
        } catch (IllegalArgumentException e) {
            throw bad("--backend: " + e.getMessage());
        }
        MatMul matMul = choice.matMul();
        String backend = matMul.name();
        Map<String, Object> machine = machine();
        Map<String, Object> threadEnv = new LinkedHashMap<>();
        for (String v : THREAD_VARIABLES) {
            threadEnv.put(v, System.getenv(v));
        }
        info.println("machine: " + machineLine(machine));
        info.println("engine: float32, backend " + choice.line());
        info.flush();

        // the peer: explicit, default next to the repository, or none
        Path peers = noPeers ? null : peersDir != null ? peersDir.toAbsolutePath().normalize() : defaultPeersDir();
        String peerNote;
        String numpyVersion = null;
        if (noPeers) {
            peerNote = "peer: off (--no-peers)";
        } else if (peers == null) {
            peerNote = "peer: off (no --peers, and no ../shared/bench/peers/numpy_mlp.py next to the repository)";
        } else {
            String problem;
            try {
                ProcessOutput check = BenchSupport.run(List.of(python, "-c", "import numpy; print(numpy.__version__)"), Map.of());
                problem = check.exitCode() == 0 ? null
                        : python + " cannot import numpy (" + check.tail(1) + ")";
                numpyVersion = check.exitCode() == 0 && !check.lines().isEmpty() ? check.lines().get(check.lines().size() - 1).trim() : null;
            } catch (IOException e) {
                problem = python + " not found (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
            if (problem != null) {
                err.println("peer: " + problem + "; measuring ours only");
                peerNote = "peer: off (" + problem + ")";
                peers = null;
            } else {
                peerNote = "peer: " + peers.resolve("numpy_mlp.py") + " with " + python + " (numpy " + numpyVersion + "), --dtype "
                        + String.join(" and ", dtypes);
            }
        }
        info.println(peerNote);
        info.println("threads: " + threadLine(threadEnv) + " (left as set; the JVM and NumPy see the same environment)");
        info.flush();

        long t0 = System.nanoTime();
        LoadedDataset data = Datasets.load(DatasetKind.FASHION_MNIST, dataDir);
        Split split = Split.stratified(data.train(), seed);
        info.printf(Locale.ROOT, "data: %s, %,d train / %,d validation (stratified 90/10, seed %d) / %,d test images (%.1f s)%n",
                data.directory(), split.train().count(), split.validation().count(), seed, data.test().count(),
                (System.nanoTime() - t0) / 1e9);
        info.println("samples/s = epochs x training samples / training wall time summed over the epochs (evaluation excluded), "
                + "as numpy_mlp.py defines it; median of " + repeats + " repeat" + (repeats == 1 ? "" : "s") + " (min .. max); "
                + "wall s = the epoch loop incl. validation (no data load, no test); cpu stall = worst share of a measurement's "
                + "wall time that runnable threads waited for a CPU (Linux PSI; high = other load, numbers unreliable)");
        info.flush();

        Map<String, String> peerEnv = new LinkedHashMap<>();
        if (dataDir != null) {
            peerEnv.put("FMNIST_DIR", data.directory().toAbsolutePath().toString());
        }
        Trainer trainer = new Trainer(matMul);
        for (BenchConfig c : selected) {
            int runEpochs = epochs != null ? epochs : c.epochs();
            TrainingConfig config = c.engineConfig(runEpochs, seed);
            List<Measurement> ours = new ArrayList<>();
            List<Peer> peerRuns = new ArrayList<>();
            if (peers != null) {
                for (String dtype : dtypes) {
                    Peer p = new Peer(dtype);
                    List<String> command = new ArrayList<>(List.of(python, peers.resolve("numpy_mlp.py").toString()));
                    command.addAll(c.peerFlags(runEpochs, seed, dtype));
                    p.command = List.copyOf(command);
                    peerRuns.add(p);
                    err.println("[" + c.name() + "] peer command: " + String.join(" ", p.command));
                }
            }
            for (int r = 1; r <= repeats; r++) {
                String tag = String.format(Locale.ROOT, "[%s %d/%d]", c.name(), r, repeats);
                Measurement m = measureOurs(trainer, config, split, data);
                ours.add(m);
                err.println(progress(tag, "ours", runEpochs, m));
                err.flush();
                for (Peer p : peerRuns) {
                    if (p.failure != null) {
                        continue;
                    }
                    measurePeer(p, c, r, peerEnv);
                    if (p.failure != null) {
                        err.println(tag + " " + p.label() + " failed: " + p.failure + " (not run again for " + c.name() + ")");
                    } else {
                        Measurement pm = p.runs.get(p.runs.size() - 1);
                        err.println(progress(tag, p.label(), runEpochs, pm));
                    }
                    err.flush();
                    if (Thread.currentThread().isInterrupted()) {
                        return 1;
                    }
                }
            }
            if (json) {
                out.println(BenchSupport.toJson(jsonObject(c, runEpochs, split, data, machine, backend, threadEnv, peerNote, ours, peerRuns)));
            } else {
                printTable(out, c, runEpochs, backend, ours, peerRuns);
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

    private static Measurement measureOurs(Trainer trainer, TrainingConfig config, Split split, LoadedDataset data) {
        long psi0 = BenchSupport.cpuPressureMicros();
        long t0 = System.nanoTime();
        TrainingResult result = trainer.train(config, split.train(), split.validation(), data.test(), new TrainingListener() {
            @Override
            public Decision onEpoch(EpochMetrics m) {
                return Decision.CONTINUE;
            }
        });
        double stall = BenchSupport.stallFraction(psi0, BenchSupport.cpuPressureMicros(), (System.nanoTime() - t0) / 1e9);
        List<EpochMetrics> epochs = result.epochs();
        if (epochs.isEmpty()) {
            return new Measurement(Double.NaN, Double.NaN, result.durationSeconds(), Double.NaN, stall);
        }
        // The peer's definition: epochs × n / Σ training seconds; EpochMetrics gives n / training seconds per epoch.
        double inverseSum = 0;
        double wall = 0;
        double best = 0;
        for (EpochMetrics m : epochs) {
            inverseSum += 1 / m.samplesPerSecond();
            wall += m.epochSeconds();
            best = Math.max(best, m.samplesPerSecond());
        }
        return new Measurement(epochs.size() / inverseSum, epochs.get(epochs.size() - 1).valAccuracy(), wall, best, stall);
    }

    private static void measurePeer(Peer p, BenchConfig c, int repeat, Map<String, String> env) {
        List<String> command = new ArrayList<>(p.command);
        command.addAll(List.of("--tag", "bench_" + c.name() + "_" + p.dtype + "_r" + repeat));
        try {
            long psi0 = BenchSupport.cpuPressureMicros();
            ProcessOutput o = BenchSupport.run(command, env);
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
            p.runs.add(new Measurement(r.samplesPerSecond(), r.valAccuracy(), r.wallSeconds(), r.bestEpochSamplesPerSecond(), stall));
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

    private static void printTable(PrintWriter out, BenchConfig c, int runEpochs, String backend, List<Measurement> ours, List<Peer> peers) {
        out.println();
        out.printf(Locale.ROOT, "config %s: %s, %s; %d epoch%s x %d repeat%s%n", c.name(), c.network(), c.training(), runEpochs,
                runEpochs == 1 ? "" : "s", ours.size(), ours.size() == 1 ? "" : "s");
        out.printf(Locale.ROOT, "  %-22s %10s  %-22s %8s %8s %9s  %9s%n", "", "samples/s", "(min .. max)", "val acc", "wall s",
                "cpu stall", "ours/peer");
        Stats oursSps = stats(ours, Measurement::samplesPerSecond);
        row(out, "ours (" + backend + ")", ours, "");
        for (Peer p : peers) {
            if (p.runs.isEmpty()) {
                out.printf(Locale.ROOT, "  %-22s failed: %s%n", p.label(), p.failure);
                continue;
            }
            Stats ps = stats(p.runs, Measurement::samplesPerSecond);
            String ratio = String.format(Locale.ROOT, "%9.2f", oursSps.median() / ps.median());
            row(out, p.label(), p.runs, ratio);
            if (p.failure != null) {
                out.printf(Locale.ROOT, "  %-22s (%d of the runs failed: %s)%n", "", p.runs.size(), p.failure);
            }
        }
        for (Peer p : peers) {
            if (p.banner != null) {
                out.println("  " + p.label() + ": " + p.banner);
                break;
            }
        }
    }

    private static void row(PrintWriter out, String label, List<Measurement> runs, String ratio) {
        Stats s = stats(runs, Measurement::samplesPerSecond);
        out.println(String.format(Locale.ROOT, "  %-22s %,10.0f  %-22s %8.4f %8.1f %9s  %s", label, s.median(),
                String.format(Locale.ROOT, "(%,.0f .. %,.0f)", s.min(), s.max()),
                stats(runs, Measurement::valAccuracy).median(), stats(runs, Measurement::wallSeconds).median(),
                percent(stats(runs, Measurement::cpuStall).max()), ratio).stripTrailing());
    }

    private Map<String, Object> jsonObject(BenchConfig c, int runEpochs, Split split, LoadedDataset data, Map<String, Object> machine,
                                           String backend, Map<String, Object> threadEnv, String peerNote,
                                           List<Measurement> ours, List<Peer> peers) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("config", c.name());
        o.put("network", c.network());
        o.put("training", c.training());
        o.put("epochs", runEpochs);
        o.put("repeats", repeats);
        o.put("seed", seed);
        o.put("train_samples", split.train().count());
        o.put("validation_samples", split.validation().count());
        o.put("data_dir", data.directory().toString());
        o.put("samples_per_sec_definition", "epochs * training samples / training seconds summed over the epochs, evaluation excluded");
        o.put("machine", machine);
        o.put("matmul_backend", backend);
        o.put("thread_env", threadEnv);
        Map<String, Object> oursJson = implJson(ours);
        oursJson.put("impl", "sweepstream");
        o.put("ours", oursJson);
        List<Object> peerList = new ArrayList<>();
        Stats oursSps = stats(ours, Measurement::samplesPerSecond);
        for (Peer p : peers) {
            Map<String, Object> pj = new LinkedHashMap<>();
            pj.put("impl", "numpy");
            pj.put("dtype", p.dtype);
            pj.put("command", String.join(" ", p.command));
            pj.put("banner", p.banner);
            pj.put("blas_threads", p.blasThreads);
            pj.putAll(implJson(p.runs));
            pj.put("ratio_ours_over_peer", p.runs.isEmpty() ? null : oursSps.median() / stats(p.runs, Measurement::samplesPerSecond).median());
            pj.put("error", p.failure);
            peerList.add(pj);
        }
        o.put("peers", peerList);
        o.put("peer_note", peerNote);
        return o;
    }

    private static Map<String, Object> implJson(List<Measurement> runs) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("samples_per_sec", statsJson(stats(runs, Measurement::samplesPerSecond)));
        j.put("val_acc", statsJson(stats(runs, Measurement::valAccuracy)));
        j.put("wall_seconds", statsJson(stats(runs, Measurement::wallSeconds)));
        j.put("cpu_stall", statsJson(stats(runs, Measurement::cpuStall)));
        List<Object> list = new ArrayList<>();
        for (Measurement m : runs) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("samples_per_sec", m.samplesPerSecond());
            r.put("val_acc", m.valAccuracy());
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

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
