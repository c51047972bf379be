package io.sweepstream.schemas.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.EarlyTermination;
import io.sweepstream.schemas.avro.EarlyTerminationType;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.OptimizerKind;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SearchMethod;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.serde.AvroClassTrust;
import io.sweepstream.schemas.topic.Topics;
import org.apache.avro.specific.SpecificRecord;

/**
 * The bounded-state measurement's two halves, shared by the modules' {@code *MemoryHarness} classes:
 * a history of finished sweeps ({@link #history}) and the heap a view retains after it has read it
 * ({@link #retained}). Not a test of its own: harnesses run only with {@code -Dsweep.memory=true}
 * and report numbers, they assert none (see docs/reliability.md, "Bounded state").
 */
public final class ViewMemory {

    /** The size: 100,000 finished runs across 100 sweeps, a few epochs each. */
    public static final int SWEEPS = 100;
    public static final int RUNS_PER_SWEEP = 1_000;
    public static final int EPOCHS = 3;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    static {
        AvroClassTrust.install(); // builders copy records through SpecificData, which checks the class
    }

    private ViewMemory() {
    }

    /** Sweep {@code i}'s id. */
    public static String sweepId(int i) {
        return String.format(Locale.ROOT, "mem-s%03d", i);
    }

    /**
     * A finished sweep's definition as published: random search, val_accuracy, every second sweep
     * with a controller (parallelism 8) and early termination (milestones 1, 2).
     */
    public static SweepDefinition definition(int i, int runs) {
        SweepDefinition.Builder d = SweepDefinition.newBuilder(SampleEvents.fullSweepDefinition())
                .setSweepId(sweepId(i)).setName("memory " + i).setMethod(SearchMethod.RANDOM)
                .setRunCap(runs).setTotalRuns(runs).setFollowupOf(null).setStatus(SweepStatus.ACTIVE)
                .setCreatedAtMs(SampleEvents.T0 + i * 1_000_000L);
        boolean controlled = i % 2 == 1;
        d.setParallelism(controlled ? 8 : null);
        d.setEarlyTermination(controlled ? EarlyTermination.newBuilder().setType(EarlyTerminationType.HYPERBAND).setEta(3.0)
                .setMaxIter(EPOCHS).setS(1).setStrict(false).setMilestones(List.of(1, 2)).build() : null);
        return d.build();
    }

    /**
     * Feeds every record of {@code sweeps} finished sweeps of {@code runs} runs each to {@code sink}, sweep
     * after sweep: its definition, then per run its request, {@link #EPOCHS} epoch metrics and its FINISHED
     * result with a 10x10 confusion matrix. Each record went through its topic's serde, so it holds its own
     * strings and lists, as one read from Kafka does. Deterministic.
     *
     * @param definitions the definition of sweep i with the given number of runs (a module may need its own spec)
     */
    public static void history(int sweeps, int runs, IntFunction<SweepDefinition> definitions, Consumer<SpecificRecord> sink) {
        Random random = new Random(14);
        for (int s = 0; s < sweeps; s++) {
            SweepDefinition d = definitions.apply(s);
            String sweepId = d.getSweepId();
            sink.accept(Topics.SWEEPS.decode(0, 0, Topics.SWEEPS.encode(d)));
            long t = d.getCreatedAtMs();
            for (int r = 0; r < runs; r++) {
                String runId = String.format(Locale.ROOT, "%s-r%04d", sweepId, r);
                Hyperparameters h = Hyperparameters.newBuilder(SampleEvents.hyperparameters())
                        .setEpochs(EPOCHS).setLearningRate(1e-4 * (1 + random.nextInt(1000)))
                        .setOptimizer(OptimizerKind.values()[random.nextInt(OptimizerKind.values().length)])
                        .setHiddenSize(32 << random.nextInt(3)).setNumLayers(3 + random.nextInt(3)).build();
                RunRequest q = RunRequest.newBuilder().setSweepId(sweepId).setRunId(runId).setDataset("fashion_mnist")
                        .setHyperparameters(h).setSeed(random.nextLong()).setRunIndex(r).setAttempt(1).setRequestedAtMs(t).build();
                sink.accept(Topics.RUNS_REQUESTED.decode(0, 0, Topics.RUNS_REQUESTED.encode(q)));
                double acc = 0.5 + 0.4 * random.nextDouble();
                for (int e = 1; e <= EPOCHS; e++) {
                    EpochMetric m = EpochMetric.newBuilder().setSweepId(sweepId).setRunId(runId).setAttempt(1).setEpoch(e)
                            .setEpochs(EPOCHS).setTrainLoss(1.0 / e).setTrainAccuracy(acc * e / EPOCHS).setValLoss(1.1 / e)
                            .setValAccuracy(acc * e / EPOCHS).setSamplesPerSecond(40_000).setWorkerId("trainer-" + (r % 3))
                            .setTimestampMs(++t).build();
                    sink.accept(Topics.RUNS_METRICS.decode(0, 0, Topics.RUNS_METRICS.encode(m)));
                }
                RunResult result = RunResult.newBuilder().setSweepId(sweepId).setRunId(runId).setAttempt(1)
                        .setStatus(RunStatus.FINISHED).setHyperparameters(h).setDataset("fashion_mnist").setSeed(q.getSeed())
                        .setBestValAccuracy(acc).setBestEpoch(EPOCHS).setFinalValLoss(1.1 / EPOCHS)
                        .setTestAccuracy(acc - 0.01).setTestLoss(0.4).setConfusionMatrix(confusionMatrix(random, acc))
                        .setClassNames(SampleEvents.CLASS_NAMES).setEpochsCompleted(EPOCHS).setDurationMs(30_000)
                        .setWorkerId("trainer-" + (r % 3)).setFinishedAtMs(++t).build();
                sink.accept(Topics.RUNS_RESULTS.decode(0, 0, Topics.RUNS_RESULTS.encode(result)));
            }
        }
    }

    /**
     * The standard history: {@link #SWEEPS} sweeps of {@link #RUNS_PER_SWEEP} runs. Encoded once per JVM and
     * decoded on each call (a measurement builds its view three times; the encoded copy is there before
     * and after each build, so it is not counted).
     */
    public static void history(Consumer<SpecificRecord> sink) {
        synchronized (ViewMemory.class) {
            if (encoded == null) {
                List<byte[]> bytes = new ArrayList<>();
                history(SWEEPS, RUNS_PER_SWEEP, i -> definition(i, RUNS_PER_SWEEP), r -> bytes.add(encode(r)));
                encoded = bytes;
            }
        }
        for (byte[] b : encoded) {
            sink.accept(decode(b));
        }
    }

    private static List<byte[]> encoded;

    /** A record's topic as a first byte, then its value as on the topic. */
    private static byte[] encode(SpecificRecord r) {
        byte[] value;
        byte tag;
        if (r instanceof SweepDefinition d) {
            tag = 0;
            value = Topics.SWEEPS.encode(d);
        } else if (r instanceof RunRequest q) {
            tag = 1;
            value = Topics.RUNS_REQUESTED.encode(q);
        } else if (r instanceof EpochMetric m) {
            tag = 2;
            value = Topics.RUNS_METRICS.encode(m);
        } else {
            tag = 3;
            value = Topics.RUNS_RESULTS.encode((RunResult) r);
        }
        byte[] out = new byte[value.length + 1];
        out[0] = tag;
        System.arraycopy(value, 0, out, 1, value.length);
        return out;
    }

    private static SpecificRecord decode(byte[] b) {
        byte[] value = Arrays.copyOfRange(b, 1, b.length);
        return switch (b[0]) {
            case 0 -> Topics.SWEEPS.decode(0, 0, value);
            case 1 -> Topics.RUNS_REQUESTED.decode(0, 0, value);
            case 2 -> Topics.RUNS_METRICS.decode(0, 0, value);
            default -> Topics.RUNS_RESULTS.decode(0, 0, value);
        };
    }

    /** A test set of 10,000 images spread over a 10x10 matrix, most on the diagonal. */
    private static List<List<Integer>> confusionMatrix(Random random, double accuracy) {
        List<List<Integer>> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<Integer> row = new ArrayList<>();
            for (int j = 0; j < 10; j++) {
                row.add(i == j ? (int) (1000 * accuracy) : random.nextInt((int) (1000 * (1 - accuracy) / 4) + 1));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * The heap {@code build}'s result retains, in bytes: used heap after a full GC with the view alive,
     * minus before it was built; the median of three builds.
     */
    public static long retained(Supplier<Object> build) {
        long[] bytes = new long[3];
        for (int i = 0; i < bytes.length; i++) {
            long before = usedAfterGc();
            Object view = build.get();
            long after = usedAfterGc();
            Reference.reachabilityFence(view);
            bytes[i] = after - before;
        }
        Arrays.sort(bytes);
        return bytes[1];
    }

    /**
     * Writes one line per view to stdout and appends it to {@code target/bounded-state.txt}:
     * {@code module view: N MB retained (B bytes per run)}.
     */
    public static void report(String module, String view, long bytes, int runs) {
        String line = String.format(Locale.ROOT, "%-10s %-28s %8.1f MB retained, %6d bytes per run (%d runs)",
                module, view, bytes / 1048576.0, bytes / Math.max(1, runs), runs);
        System.out.println(line);
        try {
            Files.writeString(Path.of("target", "bounded-state.txt"), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write target/bounded-state.txt", e);
        }
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
