package io.sweepstream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweepstream.trainer.data.Dataset;
import io.sweepstream.trainer.math.Backends;
import io.sweepstream.trainer.math.MatMul;
import io.sweepstream.trainer.nn.activation.ActivationKind;
import io.sweepstream.trainer.nn.init.InitKind;
import io.sweepstream.trainer.nn.loss.LossKind;
import io.sweepstream.trainer.nn.optim.OptimizerKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainerTest {

    // 2000 is not a multiple of the batch size 32: every epoch ends with a partial batch of 16
    private static final Dataset TRAIN = Blobs.of("blobs-train", 2000, 1);
    private static final Dataset VALIDATION = Blobs.of("blobs-val", 500, 2);
    private static final Dataset TEST = Blobs.of("blobs-test", 500, 3);

    private static final TrainingConfig SMALL = TrainingConfig.defaults()
            .withEpochs(4).withBatchSize(32).withNumLayers(1).withHiddenSize(32)
            .withActivation(ActivationKind.RELU).withWeightInit(InitKind.XAVIER).withSeed(5);

    // measured test accuracy after 4 epochs: sgd 0.944, momentum 0.98, nag 0.982, rmsprop 0.94, adam 0.956, nadam 0.97
    // (1.5x these rates also passes; a broken update rule stays near chance, 0.1)
    static Stream<Arguments> optimizersOnEveryBackend() {
        Stream.Builder<Arguments> cases = Stream.builder();
        String[][] rates = {{"sgd", "0.2"}, {"momentum", "0.04"}, {"nag", "0.04"}, {"rmsprop", "0.004"}, {"adam", "0.004"},
                {"nadam", "0.004"}};
        for (MatMul backend : Backends.available()) {
            for (String[] r : rates) {
                cases.add(Arguments.of(r[0], Double.parseDouble(r[1]), backend));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} with lr {1} on {2}")
    @MethodSource("optimizersOnEveryBackend")
    void everyOptimizerLearnsSeparableBlobs(String optimizer, double learningRate, MatMul backend) {
        TrainingConfig config = SMALL.withOptimizer(OptimizerKind.parse(optimizer)).withLearningRate(learningRate);
        List<EpochMetrics> seen = new ArrayList<>();
        TrainingResult result = new Trainer(backend).train(config, TRAIN, VALIDATION, TEST, m -> {
            seen.add(m);
            return TrainingListener.Decision.CONTINUE;
        });

        assertEquals(RunOutcome.FINISHED, result.status());
        assertEquals(4, result.epochsCompleted());
        assertEquals(seen, result.epochs());
        assertTrue(result.testAccuracy() >= 0.9, optimizer + " test accuracy " + result.testAccuracy());
        assertTrue(result.bestValAccuracy() >= 0.9, optimizer + " validation accuracy " + result.bestValAccuracy());
        EpochMetrics last = seen.get(3);
        assertEquals(4, last.epoch());
        assertTrue(last.trainLoss() < seen.get(0).trainLoss(), "training loss falls");
        assertTrue(last.samplesPerSecond() > 0 && last.epochSeconds() > 0);
        assertConfusionMatrixCountsTheTestSet(result);
    }

    @Test
    void meanSquaredErrorAlsoLearns() {
        TrainingResult result = new Trainer().train(SMALL.withLoss(LossKind.MEAN_SQUARED_ERROR).withLearningRate(0.01),
                TRAIN, VALIDATION, TEST, TrainingListener.NONE);
        assertTrue(result.testAccuracy() >= 0.9, "test accuracy " + result.testAccuracy());
    }

    private static void assertConfusionMatrixCountsTheTestSet(TrainingResult result) {
        int[][] confusion = result.confusionMatrix();
        assertEquals(Blobs.CLASSES, confusion.length);
        assertEquals(TEST.classNames(), result.classNames());
        long total = 0;
        long diagonal = 0;
        for (int t = 0; t < confusion.length; t++) {
            assertEquals(Blobs.CLASSES, confusion[t].length);
            total += Arrays.stream(confusion[t]).sum();
            diagonal += confusion[t][t];
        }
        assertEquals(TEST.count(), total);
        assertEquals(result.testAccuracy(), (double) diagonal / total, 1e-12);
    }

    @Test
    void hugeLearningRateEndsDivergedWithoutThrowing() {
        TrainingConfig config = SMALL.withOptimizer(OptimizerKind.SGD).withLearningRate(1e6).withNumLayers(3);
        TrainingResult result = new Trainer().train(config, TRAIN, VALIDATION, TEST, TrainingListener.NONE);

        assertEquals(RunOutcome.DIVERGED, result.status());
        assertTrue(result.divergedAtEpoch() >= 1, "epoch " + result.divergedAtEpoch());
        assertTrue(result.divergedAtBatch() >= 1, "batch " + result.divergedAtBatch());
        assertEquals(result.divergedAtEpoch() - 1, result.epochsCompleted());
        assertConfusionMatrixCountsTheTestSet(result);
    }

    static List<MatMul> backends() {
        return Backends.available();
    }

    /** Per backend: backends may differ from each other in the last bits, never from themselves. */
    @ParameterizedTest(name = "on {0}")
    @MethodSource("backends")
    void sameSeedGivesBitIdenticalWeightsAndMetrics(MatMul backend) {
        TrainingRun first = new TrainingRun(SMALL.withEpochs(2), TRAIN, VALIDATION, TEST, backend);
        TrainingResult a = first.run(TrainingListener.NONE, () -> false);
        TrainingRun second = new TrainingRun(SMALL.withEpochs(2), TRAIN, VALIDATION, TEST, backend);
        TrainingResult b = second.run(TrainingListener.NONE, () -> false);

        assertEquals(withoutTimings(a.epochs()), withoutTimings(b.epochs()));
        assertEquals(a.testLoss(), b.testLoss());
        assertTrue(Arrays.deepEquals(a.confusionMatrix(), b.confusionMatrix()));
        float[][] wa = first.network().copyParameters();
        float[][] wb = second.network().copyParameters();
        for (int k = 0; k < wa.length; k++) {
            // assertArrayEquals on floats compares bit patterns (floatToIntBits), not within a tolerance
            assertArrayEquals(wa[k], wb[k], "tensor " + k);
        }

        TrainingRun other = new TrainingRun(SMALL.withEpochs(2).withSeed(6), TRAIN, VALIDATION, TEST, backend);
        other.run(TrainingListener.NONE, () -> false);
        assertFalse(Arrays.equals(wa[0], other.network().copyParameters()[0]), "another seed, other weights");
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("backends")
    void twoThreadsGiveTheSameResultTwice(MatMul backend) {
        // wide enough that products pass ThreadedMatMul's threshold and really split
        TrainingConfig wide = SMALL.withEpochs(1).withNumLayers(2).withHiddenSize(256).withBatchSize(64);
        TrainingRun first = new TrainingRun(wide, TRAIN, VALIDATION, TEST, backend, 2);
        TrainingResult a = first.run(TrainingListener.NONE, () -> false);
        TrainingRun second = new TrainingRun(wide, TRAIN, VALIDATION, TEST, backend, 2);
        TrainingResult b = second.run(TrainingListener.NONE, () -> false);
        assertEquals(withoutTimings(a.epochs()), withoutTimings(b.epochs()));
        float[][] wa = first.network().copyParameters();
        float[][] wb = second.network().copyParameters();
        for (int k = 0; k < wa.length; k++) {
            assertArrayEquals(wa[k], wb[k], "tensor " + k);
        }
        if (backend.name().equals("vector")) {
            // the vector kernel sums each element in the same order on any band: the bits of one thread
            TrainingRun single = new TrainingRun(wide, TRAIN, VALIDATION, TEST, backend, 1);
            single.run(TrainingListener.NONE, () -> false);
            assertArrayEquals(single.network().copyParameters()[0], wa[0], "vector: 2 threads = 1 thread");
        }
    }

    // timings differ between runs; everything else must not
    private static List<String> withoutTimings(List<EpochMetrics> epochs) {
        return epochs.stream()
                .map(m -> m.epoch() + " " + m.trainLoss() + " " + m.trainAccuracy() + " " + m.valLoss() + " " + m.valAccuracy())
                .collect(Collectors.toList());
    }

    @Test
    void listenerStoppingAfterTheFirstEpochEndsStoppedWithOneEpoch() {
        TrainingResult result = new Trainer().train(SMALL.withEpochs(5), TRAIN, VALIDATION, TEST,
                m -> TrainingListener.Decision.STOP);
        assertEquals(RunOutcome.STOPPED, result.status());
        assertEquals(1, result.epochsCompleted());
        assertEquals(1, result.epochs().size());
        assertEquals(1, result.bestEpoch());
        assertTrue(Double.isFinite(result.testAccuracy()), "test metrics on the weights reached");
    }

    @Test
    void cancellationMidEpochStopsBeforeTheNextBatch() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger batchesRun = new AtomicInteger();
        TrainingListener listener = new TrainingListener() {
            @Override
            public Decision onEpoch(EpochMetrics metrics) {
                return Decision.CONTINUE;
            }

            @Override
            public void onBatch(int epoch, int batch, int batches) {
                batchesRun.incrementAndGet();
                assertEquals(63, batches);
                if (batch == 10) {
                    cancelled.set(true);
                }
            }
        };
        TrainingResult result = new Trainer().train(SMALL, TRAIN, VALIDATION, TEST, listener, cancelled::get);
        assertEquals(RunOutcome.STOPPED, result.status());
        assertEquals(10, batchesRun.get());
        assertEquals(0, result.epochsCompleted());
        assertTrue(result.epochs().isEmpty());
        assertEquals(TEST.count(), Arrays.stream(result.confusionMatrix()).flatMapToInt(Arrays::stream).sum());
    }

    @Test
    void batchLargerThanTheTrainingSetUsesOneBatchPerEpoch() {
        Dataset tiny = Blobs.of("tiny", 50, 9);
        AtomicInteger batches = new AtomicInteger();
        TrainingResult result = new Trainer().train(SMALL.withBatchSize(1000).withEpochs(2), tiny, tiny, tiny,
                new TrainingListener() {
                    @Override
                    public Decision onEpoch(EpochMetrics metrics) {
                        return Decision.CONTINUE;
                    }

                    @Override
                    public void onBatch(int epoch, int batch, int count) {
                        batches.incrementAndGet();
                        assertEquals(1, count);
                    }
                });
        assertEquals(RunOutcome.FINISHED, result.status());
        assertEquals(2, batches.get());
    }

    @Test
    void emptyValidationAndTestSetsGiveNaNMetricsNotErrors() {
        Dataset empty = new Dataset("empty", 0, Blobs.SIDE, Blobs.SIDE, new byte[0], new byte[0], TRAIN.classNames());
        TrainingResult result = new Trainer().train(SMALL.withEpochs(1), TRAIN, empty, empty, TrainingListener.NONE);
        assertEquals(RunOutcome.FINISHED, result.status());
        assertTrue(Double.isNaN(result.epochs().get(0).valAccuracy()));
        assertTrue(Double.isNaN(result.testAccuracy()));
        assertTrue(Double.isNaN(result.bestValAccuracy()));
    }

    @Test
    void rejectsDatasetsWithDifferentFeatureCounts() {
        Dataset wide = new Dataset("wide", 1, 1, 65, new byte[65], new byte[1], TRAIN.classNames());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer().train(SMALL, TRAIN, wide, TEST, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("wide"), e.getMessage());
    }

    @Test
    void hotLoopAllocatesNothingPerBatch() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        TrainingConfig oneSamplePerBatch = SMALL.withEpochs(1).withBatchSize(1);
        Dataset few = Blobs.of("few", 200, 4);
        Dataset many = Blobs.of("many", 2000, 4);
        long[] bytes = new long[2];
        // warm up first so that class loading and interpreter-only allocations are behind us, and the JIT has
        // compiled the Vector API kernels (until then each vector operation allocates its box)
        for (int i = 0; i < 10; i++) {
            new TrainingRun(oneSamplePerBatch, many, VALIDATION, TEST).run(TrainingListener.NONE, () -> false);
        }
        Dataset[] sets = {few, many};
        for (int i = 0; i < 2; i++) {
            TrainingRun run = new TrainingRun(oneSamplePerBatch, sets[i], VALIDATION, TEST);
            long before = threads.getCurrentThreadAllocatedBytes();
            run.run(TrainingListener.NONE, () -> false);
            bytes[i] = threads.getCurrentThreadAllocatedBytes() - before;
        }
        // 1800 more batches; even one 16-byte object per batch would add 28 KB
        long perBatch = (bytes[1] - bytes[0]) / 1800;
        assertTrue(perBatch < 4, "allocated " + perBatch + " bytes per batch (" + Arrays.toString(bytes) + ")");
    }
}
