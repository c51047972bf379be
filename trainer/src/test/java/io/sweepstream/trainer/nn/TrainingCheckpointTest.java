package io.sweepstream.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sweepstream.trainer.data.Dataset;
import io.sweepstream.trainer.math.Backends;
import io.sweepstream.trainer.math.MatMul;
import io.sweepstream.trainer.nn.activation.ActivationKind;
import io.sweepstream.trainer.nn.init.InitKind;
import io.sweepstream.trainer.nn.optim.OptimizerKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A run stopped after an epoch and resumed from its checkpoint ends exactly where an uninterrupted run ends. */
class TrainingCheckpointTest {

    // 1000 is not a multiple of 48: each epoch ends with a partial batch, and the shuffles matter
    private static final Dataset TRAIN = Blobs.of("blobs-train", 1000, 11);
    private static final Dataset VALIDATION = Blobs.of("blobs-val", 200, 12);
    private static final Dataset TEST = Blobs.of("blobs-test", 200, 13);
    private static final int EPOCHS = 5;
    private static final int STOP_AFTER = 2;

    // relu: the vector kernels' tanh and sigmoid use the JDK's TANH/EXP intrinsics once compiled and scalar Math
    // before, which may differ in the last bit, so a cold JVM and a warm one can disagree (docs/reliability.md)
    private static final TrainingConfig CONFIG = TrainingConfig.defaults()
            .withEpochs(EPOCHS).withBatchSize(48).withNumLayers(2).withHiddenSize(24)
            .withActivation(ActivationKind.RELU).withWeightInit(InitKind.XAVIER).withSeed(77)
            .withLearningRate(0.003).withWeightDecay(0.0005);

    static Stream<Arguments> optimizersOnEveryBackend() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (MatMul backend : Backends.available()) {
            for (OptimizerKind optimizer : OptimizerKind.values()) {
                cases.add(Arguments.of(optimizer, backend));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("optimizersOnEveryBackend")
    void resumedRunEndsWithTheWeightsOfAnUninterruptedOne(OptimizerKind optimizer, MatMul backend) {
        TrainingConfig config = CONFIG.withOptimizer(optimizer);

        TrainingRun whole = new TrainingRun(config, TRAIN, VALIDATION, TEST, backend);
        TrainingResult expected = whole.run(TrainingListener.NONE, () -> false);

        // the first attempt dies in the epoch after its checkpoint
        AtomicReference<TrainingCheckpoint> saved = new AtomicReference<>();
        AtomicBoolean crash = new AtomicBoolean();
        TrainingRun first = new TrainingRun(config, TRAIN, VALIDATION, TEST, backend);
        TrainingResult interrupted = first.run(new TrainingListener() {
            @Override
            public Decision onEpoch(EpochMetrics metrics) {
                return Decision.CONTINUE;
            }

            @Override
            public void onCheckpoint(TrainingCheckpoint checkpoint) {
                if (checkpoint.epoch() == STOP_AFTER) {
                    saved.set(checkpoint);
                    crash.set(true);
                }
            }
        }, crash::get);
        assertEquals(RunOutcome.STOPPED, interrupted.status());
        assertEquals(STOP_AFTER, saved.get().epoch());

        List<Integer> epochsSeen = new ArrayList<>();
        TrainingRun second = new TrainingRun(config, TRAIN, VALIDATION, TEST, backend);
        second.resume(saved.get());
        TrainingResult resumed = second.run(m -> {
            epochsSeen.add(m.epoch());
            return TrainingListener.Decision.CONTINUE;
        }, () -> false);

        assertEquals(List.of(3, 4, 5), epochsSeen, "only the epochs after the checkpoint are trained");
        float[][] want = whole.network().copyParameters();
        float[][] got = second.network().copyParameters();
        for (int k = 0; k < want.length; k++) {
            assertArrayEquals(want[k], got[k], "tensor " + k + " differs");
        }
        assertEquals(RunOutcome.FINISHED, resumed.status());
        assertEquals(EPOCHS, resumed.epochsCompleted());
        assertEquals(withoutTimings(expected.epochs()), withoutTimings(resumed.epochs()));
        assertEquals(expected.bestValAccuracy(), resumed.bestValAccuracy());
        assertEquals(expected.bestEpoch(), resumed.bestEpoch());
        assertEquals(expected.testLoss(), resumed.testLoss());
        assertEquals(expected.testAccuracy(), resumed.testAccuracy());
        assertArrayEquals(expected.confusionMatrix(), resumed.confusionMatrix());
    }

    @Test
    void noCheckpointAfterTheLastEpochOrAStop() {
        List<Integer> checkpoints = new ArrayList<>();
        new TrainingRun(CONFIG.withEpochs(3), TRAIN, VALIDATION, TEST).run(new TrainingListener() {
            @Override
            public Decision onEpoch(EpochMetrics metrics) {
                return metrics.epoch() == 3 ? Decision.STOP : Decision.CONTINUE;
            }

            @Override
            public void onCheckpoint(TrainingCheckpoint checkpoint) {
                checkpoints.add(checkpoint.epoch());
            }
        }, () -> false);
        assertEquals(List.of(1, 2), checkpoints);
    }

    @Test
    void checkpointOfAnotherNetworkIsRejectedAndChangesNothing() {
        AtomicReference<TrainingCheckpoint> saved = new AtomicReference<>();
        new TrainingRun(CONFIG.withEpochs(2).withOptimizer(OptimizerKind.ADAM), TRAIN, VALIDATION, TEST)
                .run(new TrainingListener() {
                    @Override
                    public Decision onEpoch(EpochMetrics metrics) {
                        return Decision.CONTINUE;
                    }

                    @Override
                    public void onCheckpoint(TrainingCheckpoint checkpoint) {
                        saved.set(checkpoint);
                    }
                }, () -> false);
        assertNotNull(saved.get());

        TrainingRun wider = new TrainingRun(CONFIG.withHiddenSize(25).withOptimizer(OptimizerKind.ADAM), TRAIN, VALIDATION, TEST);
        float[][] before = wider.network().copyParameters();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wider.resume(saved.get()));
        assertFalse(e.getMessage().isBlank());
        assertArrayEquals(before, wider.network().copyParameters());

        TrainingRun momentum = new TrainingRun(CONFIG.withOptimizer(OptimizerKind.MOMENTUM), TRAIN, VALIDATION, TEST);
        assertThrows(IllegalArgumentException.class, () -> momentum.resume(saved.get()), "adam's two moments do not fit momentum");
        assertArrayEquals(before.length, momentum.network().copyParameters().length);
    }

    private static void assertArrayEquals(int expected, int actual) {
        assertEquals(expected, actual);
    }

    private static void assertArrayEquals(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int k = 0; k < expected.length; k++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected[k], actual[k]);
        }
    }

    private static void assertArrayEquals(int[][] expected, int[][] actual) {
        org.junit.jupiter.api.Assertions.assertTrue(Arrays.deepEquals(expected, actual),
                Arrays.deepToString(expected) + " != " + Arrays.deepToString(actual));
    }

    private static void assertArrayEquals(float[] expected, float[] actual, String message) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, message);
    }

    /** Epoch metrics without the wall-clock fields. */
    private static List<List<Double>> withoutTimings(List<EpochMetrics> epochs) {
        return epochs.stream().map(m -> List.of((double) m.epoch(), m.trainLoss(), m.trainAccuracy(), m.valLoss(),
                m.valAccuracy())).toList();
    }
}
