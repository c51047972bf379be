package io.sweepstream.trainer.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.sweepstream.schemas.avro.ActivationKind;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.InitKind;
import io.sweepstream.schemas.avro.LossKind;
import io.sweepstream.schemas.avro.OptimizerKind;
import io.sweepstream.schemas.avro.RunCheckpoint;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.topic.Topics;
import io.sweepstream.trainer.math.MatMul;
import io.sweepstream.trainer.nn.EpochMetrics;
import io.sweepstream.trainer.nn.Network;
import io.sweepstream.trainer.nn.TrainingCheckpoint;
import io.sweepstream.trainer.nn.optim.OptimizerConfig;
import io.sweepstream.trainer.nn.optim.OptimizerState;
import org.junit.jupiter.api.Test;

class RunCheckpointsTest {

    @Test
    void floatsSurviveTheWireBitForBit() {
        float[][] parameters = {{0f, -0f, Float.MIN_VALUE, -1.17549435E-38f, 3.4028235E38f, 0.1f}, {Float.NaN, 1e-7f}};
        float[][] slots = {{1.5f, -2.25f, 7e-30f, 0f, 0f, 0f}, {9f, -9f}};
        TrainingCheckpoint checkpoint = new TrainingCheckpoint(2, parameters, new OptimizerState(37, slots),
                List.of(new EpochMetrics(1, 0.9, 0.6, 0.8, 0.65, 1000, 1.5), new EpochMetrics(2, 0.7, 0.7, 0.6, 0.72, 1100, 1.4)), 2.9);

        byte[] bytes = Topics.RUNS_CHECKPOINTS.encode(RunCheckpoints.toWire(request(2, 6), 3, "w-1", checkpoint,
                List.of("w-0", "w-1"), List.of(10L, 20L)));
        RunCheckpoint wire = Topics.RUNS_CHECKPOINTS.decode(0, 0, bytes);
        TrainingCheckpoint back = RunCheckpoints.fromWire(wire);

        for (int k = 0; k < parameters.length; k++) {
            assertArrayEquals(bits(parameters[k]), bits(back.parameters()[k]), "tensor " + k);
            assertArrayEquals(bits(slots[k]), bits(back.optimizer().slots()[k]), "slot " + k);
        }
        assertEquals(37, back.optimizer().steps());
        assertEquals(checkpoint.history(), back.history());
        assertEquals(2.9, back.elapsedSeconds());
        assertEquals(List.of("w-0", "w-1"), wire.getHistory().stream().map(e -> e.getWorkerId()).toList());
        assertEquals(3, wire.getAttempt());
    }

    @Test
    void aCheckpointFitsOnlyTheRunItWasWrittenFor() {
        RunCheckpoint wire = RunCheckpoints.toWire(request(2, 6), 1, "w", tiny(), List.of("w"), List.of(0L));
        assertNull(RunCheckpoints.mismatch(request(2, 6), wire));
        assertNotNull(RunCheckpoints.mismatch(request(2, 7), wire), "another hidden size");
        assertNotNull(RunCheckpoints.mismatch(request(2, 6, 99), wire), "another seed");
    }

    /** Why runs.checkpoints raises the record limit: the seed's largest net with adam is 2 MB, over Kafka's 1 MB default. */
    @Test
    void theLargestSeedNetworkWithAdamNeedsMoreThanTheDefaultRecordLimitAndFitsOurs() {
        Network network = new Network(784, 5, 128, 10, io.sweepstream.trainer.nn.activation.ActivationKind.RELU.create(), MatMul.best());
        OptimizerState adam = io.sweepstream.trainer.nn.optim.OptimizerKind.ADAM
                .create(new OptimizerConfig(1e-3, 0.9, 0.9, 0.9, 0.999, 1e-8, 0), network.parameterSpecs()).state();
        TrainingCheckpoint checkpoint = new TrainingCheckpoint(1, network.parameters(), adam,
                List.of(new EpochMetrics(1, 1, 0.5, 1, 0.5, 1, 1)), 1);

        int size = Topics.RUNS_CHECKPOINTS.encode(RunCheckpoints.toWire(request(5, 128), 1, "w", checkpoint, List.of("w"),
                List.of(0L))).length;

        assertEquals(2_013_816, checkpoint.stateBytes(), "167,818 parameters x (weights, m, v) x 4 bytes");
        assertTrue(size > 1024 * 1024 && size < Topics.CHECKPOINT_MAX_BYTES, "record of " + size + " bytes");
    }

    private static TrainingCheckpoint tiny() {
        return new TrainingCheckpoint(1, new float[][] {{1f}}, new OptimizerState(1, new float[0][]),
                List.of(new EpochMetrics(1, 1, 0.5, 1, 0.5, 1, 1)), 1);
    }

    private static RunRequest request(int layers, int hidden) {
        return request(layers, hidden, 3);
    }

    private static RunRequest request(int layers, int hidden, long seed) {
        return RunRequest.newBuilder().setSweepId("s").setRunId("s-0").setDataset("fashion_mnist").setSeed(seed).setRunIndex(0)
                .setRequestedAtMs(0).setHyperparameters(Hyperparameters.newBuilder().setEpochs(3).setBatchSize(64)
                        .setLoss(LossKind.CROSS_ENTROPY).setOptimizer(OptimizerKind.ADAM).setLearningRate(1e-3)
                        .setWeightInit(InitKind.XAVIER).setNumLayers(layers).setHiddenSize(hidden)
                        .setActivation(ActivationKind.RELU).build())
                .build();
    }

    private static int[] bits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Float.floatToRawIntBits(a[i]);
        }
        return out;
    }
}
