package io.sweepstream.trainer.kafka;

import java.util.ArrayList;
import java.util.List;

import io.sweepstream.schemas.avro.ActivationKind;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.InitKind;
import io.sweepstream.schemas.avro.LossKind;
import io.sweepstream.schemas.avro.OptimizerKind;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.trainer.data.SyntheticDataset;
import io.sweepstream.trainer.data.DatasetKind;
import io.sweepstream.trainer.data.LoadedDataset;

/** Runs that train in milliseconds: 4x4 images of three well-separated classes. */
final class TinyRuns {

    static final int CLASSES = 3;
    private static final LoadedDataset DATA = new LoadedDataset(DatasetKind.MNIST,
            SyntheticDataset.blobs("tiny-train", 300, 4, 4, CLASSES, 1), SyntheticDataset.blobs("tiny-test", 60, 4, 4, CLASSES, 2),
            java.nio.file.Path.of("generated-in-memory"));

    private TinyRuns() {
    }

    static LoadedDataset dataset() {
        return DATA;
    }

    static List<RunRequest> requests(String sweepId, int count, int epochs) {
        List<RunRequest> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(RunRequest.newBuilder()
                    .setSweepId(sweepId)
                    .setRunId(sweepId + "-" + i)
                    .setDataset("tiny")
                    .setHyperparameters(Hyperparameters.newBuilder()
                            .setEpochs(epochs).setBatchSize(16)
                            .setLoss(LossKind.CROSS_ENTROPY).setOptimizer(i % 2 == 0 ? OptimizerKind.ADAM : OptimizerKind.NAG)
                            .setLearningRate(0.01).setWeightInit(InitKind.XAVIER)
                            .setNumLayers(1).setHiddenSize(8).setActivation(ActivationKind.RELU)
                            .build())
                    .setSeed(1000 + i)
                    .setRunIndex(i)
                    .setRequestedAtMs(System.currentTimeMillis())
                    .build());
        }
        return out;
    }
}
