package io.sweepstream.schemas;

import io.sweepstream.schemas.avro.ActivationKind;
import io.sweepstream.schemas.avro.Control;
import io.sweepstream.schemas.avro.ControlType;
import io.sweepstream.schemas.avro.ControllerStatus;
import io.sweepstream.schemas.avro.DeadLetter;
import io.sweepstream.schemas.avro.EarlyTermination;
import io.sweepstream.schemas.avro.EarlyTerminationType;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.InitKind;
import io.sweepstream.schemas.avro.LeaderboardEntry;
import io.sweepstream.schemas.avro.LossKind;
import io.sweepstream.schemas.avro.MetricGoal;
import io.sweepstream.schemas.avro.OptimizerKind;
import io.sweepstream.schemas.avro.ParameterBest;
import io.sweepstream.schemas.avro.ParameterImportance;
import io.sweepstream.schemas.avro.ParameterKind;
import io.sweepstream.schemas.avro.ParameterSpec;
import io.sweepstream.schemas.avro.CheckpointEpoch;
import io.sweepstream.schemas.avro.RunCheckpoint;
import io.sweepstream.schemas.avro.RunCounts;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SearchMethod;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Sample instances of every topic value type, for tests in any module: {@code fullX()} sets every
 * field, at the largest size we expect on the wire (10x10 confusion matrix, 50-entry leaderboard,
 * a 10,000-character error); {@code minimalX()} sets only the required fields, leaving every
 * optional one at its default (null or empty). Deterministic: same values on every call.
 * Each call returns a new instance, so callers may modify it.
 */
public final class SampleEvents {

    /** A fixed instant (2025-01-01T00:00:00Z), so samples are reproducible. */
    public static final long T0 = 1_735_689_600_000L;

    /** Fashion-MNIST class names, in label order. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private SampleEvents() {}

    /** One full and one minimal instance of each topic value type. */
    public static List<SpecificRecord> all() {
        return List.of(
                fullSweepDefinition(), minimalSweepDefinition(), fullRunRequest(), minimalRunRequest(),
                fullEpochMetric(), minimalEpochMetric(), fullRunResult(), minimalRunResult(),
                fullControl(), minimalControl(), fullWorkerStatus(), minimalWorkerStatus(),
                fullControllerStatus(), minimalControllerStatus(), fullSweepSummary(), minimalSweepSummary(), fullDeadLetter(), minimalDeadLetter(),
                fullRunCheckpoint(), minimalRunCheckpoint());
    }

    /** A small network's checkpoint after 2 of 10 epochs: two tensors, adam's two buffers each. */
    public static RunCheckpoint fullRunCheckpoint() {
        List<ByteBuffer> parameters = List.of(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), ByteBuffer.wrap(new byte[] {9, 10, 11, 12}));
        List<CheckpointEpoch> history = List.of(
                new CheckpointEpoch(1, 0.61, 0.78, 0.52, 0.81, 40_000.0, 1.5, "trainer-host-b-2", T0 + 1_500),
                new CheckpointEpoch(2, 0.44, 0.84, 0.41, 0.85, 41_000.0, 1.4, "trainer-host-a-7", T0 + 2_900));
        return RunCheckpoint.newBuilder()
                .setSweepId("sweep-0001").setRunId("sweep-0001-run-0199").setAttempt(2).setWorkerId("trainer-host-a-7")
                .setDataset("fashion_mnist").setSeed(Long.MAX_VALUE).setHyperparameters(hyperparameters()).setEpoch(2)
                .setParameters(parameters).setOptimizerSteps(1_688)
                .setOptimizerState(List.of(parameters.get(0), parameters.get(1), parameters.get(0), parameters.get(1)))
                .setHistory(history).setElapsedMs(2_900).setWrittenAtMs(T0 + 3_000)
                .build();
    }

    /** sgd: no optimizer state. */
    public static RunCheckpoint minimalRunCheckpoint() {
        return RunCheckpoint.newBuilder()
                .setSweepId("s").setRunId("r").setAttempt(1).setWorkerId("w").setDataset("mnist").setSeed(0)
                .setHyperparameters(minimalHyperparameters()).setEpoch(1)
                .setParameters(List.of(ByteBuffer.wrap(new byte[4]))).setOptimizerSteps(1).setOptimizerState(List.of())
                .setHistory(List.of(new CheckpointEpoch(1, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, "w", T0))).setElapsedMs(0).setWrittenAtMs(T0)
                .build();
    }

    public static Hyperparameters hyperparameters() {
        return Hyperparameters.newBuilder()
                .setEpochs(10).setBatchSize(64).setLoss(LossKind.CROSS_ENTROPY).setOptimizer(OptimizerKind.NADAM)
                .setLearningRate(1e-3).setMomentum(0.9).setBeta(0.9).setBeta1(0.9).setBeta2(0.999)
                .setEpsilon(1e-8).setWeightDecay(5e-4).setWeightInit(InitKind.XAVIER)
                .setNumLayers(4).setHiddenSize(128).setActivation(ActivationKind.TANH)
                .build();
    }

    /** Only the fields without defaults; optimizer constants stay at their schema defaults. */
    public static Hyperparameters minimalHyperparameters() {
        return Hyperparameters.newBuilder()
                .setEpochs(1).setBatchSize(16).setLoss(LossKind.MEAN_SQUARED_ERROR).setOptimizer(OptimizerKind.SGD)
                .setLearningRate(0.1).setWeightInit(InitKind.RANDOM).setNumLayers(1).setHiddenSize(32)
                .setActivation(ActivationKind.SIGMOID)
                .build();
    }

    public static SweepDefinition fullSweepDefinition() {
        List<ParameterSpec> parameters = List.of(
                values("epochs", "5", "10"),
                values("num_layers", "3", "4", "5"),
                values("hidden_size", "32", "64", "128"),
                values("weight_decay", "0", "0.0005", "0.5"),
                distribution("learning_rate", "log_uniform_values", 1e-4, 1e-1, null, null, null),
                values("optimizer", "sgd", "momentum", "nag", "rmsprop", "adam", "nadam"),
                distribution("batch_size", "q_uniform", 16.0, 128.0, null, null, 16.0),
                distribution("beta1", "normal", null, null, 0.9, 0.02, null),
                values("weight_init", "random", "xavier"),
                values("activation", "sigmoid", "tanh", "relu"),
                ParameterSpec.newBuilder().setName("loss").setKind(ParameterKind.VALUE)
                        .setValues(List.of("cross_entropy")).build());
        return SweepDefinition.newBuilder()
                .setSweepId("sweep-0001").setName("fashion-mnist bayes").setSpecYaml(specYaml())
                .setMethod(SearchMethod.BAYES).setMetricName("val_accuracy").setMetricGoal(MetricGoal.MAXIMIZE)
                .setDataset("fashion_mnist").setSeed(42L).setRunCap(200).setParallelism(8)
                .setParameters(parameters).setTotalRuns(200).setStatus(SweepStatus.ACTIVE)
                .setCreatedAtMs(T0).setFollowupOf("sweep-0000")
                .setEarlyTermination(EarlyTermination.newBuilder().setType(EarlyTerminationType.HYPERBAND).setEta(3.0)
                        .setMaxIter(27).setS(2).setStrict(true).setMilestones(List.of(3, 9)).build())
                .build();
    }

    public static SweepDefinition minimalSweepDefinition() {
        return SweepDefinition.newBuilder()
                .setSweepId("sweep-0002").setName("").setSpecYaml("").setMethod(SearchMethod.GRID)
                .setMetricName("val_loss").setMetricGoal(MetricGoal.MINIMIZE).setDataset("mnist").setSeed(0L)
                .setStatus(SweepStatus.FINISHED).setCreatedAtMs(T0)
                .build();
    }

    public static RunRequest fullRunRequest() {
        return RunRequest.newBuilder()
                .setSweepId("sweep-0001").setRunId("sweep-0001-run-0199").setDataset("fashion_mnist")
                .setHyperparameters(hyperparameters()).setSeed(Long.MAX_VALUE).setRunIndex(199).setAttempt(3)
                .setRequestedAtMs(T0 + 1_000)
                .build();
    }

    public static RunRequest minimalRunRequest() {
        return RunRequest.newBuilder()
                .setSweepId("sweep-0002").setRunId("sweep-0002-run-0000").setDataset("mnist")
                .setHyperparameters(minimalHyperparameters()).setSeed(Long.MIN_VALUE).setRunIndex(0)
                .setRequestedAtMs(T0)
                .build();
    }

    public static EpochMetric fullEpochMetric() {
        return EpochMetric.newBuilder()
                .setSweepId("sweep-0001").setRunId("sweep-0001-run-0199").setAttempt(3).setEpoch(10).setEpochs(10)
                .setTrainLoss(0.2871).setTrainAccuracy(0.8934).setValLoss(0.3312).setValAccuracy(0.8807)
                .setSamplesPerSecond(41_234.5).setWorkerId("trainer-host-a-7").setTimestampMs(T0 + 60_000)
                .build();
    }

    /** Every field but attempt is required. */
    public static EpochMetric minimalEpochMetric() {
        return EpochMetric.newBuilder()
                .setSweepId("s").setRunId("r").setEpoch(1).setEpochs(1)
                .setTrainLoss(0.0).setTrainAccuracy(0.0).setValLoss(0.0)
                .setValAccuracy(0.0).setSamplesPerSecond(0.0).setWorkerId("w").setTimestampMs(T0)
                .build();
    }

    public static RunResult fullRunResult() {
        return RunResult.newBuilder()
                .setSweepId("sweep-0001").setRunId("sweep-0001-run-0199").setAttempt(3).setStatus(RunStatus.FAILED)
                .setHyperparameters(hyperparameters()).setDataset("fashion_mnist").setSeed(42L)
                .setBestValAccuracy(0.8912).setBestEpoch(9).setFinalValLoss(0.3012)
                .setTestAccuracy(0.8876).setTestLoss(0.3121)
                .setConfusionMatrix(confusionMatrix()).setClassNames(CLASS_NAMES)
                .setEpochsCompleted(10).setDurationMs(3_600_000L).setWorkerId("trainer-host-a-7")
                .setError(longError()).setDivergedAtEpoch(7).setDivergedAtBatch(843)
                .setFinishedAtMs(T0 + 3_600_000L)
                .build();
    }

    public static RunResult minimalRunResult() {
        return RunResult.newBuilder()
                .setSweepId("sweep-0002").setRunId("sweep-0002-run-0000").setStatus(RunStatus.STOPPED)
                .setHyperparameters(minimalHyperparameters()).setDataset("mnist").setSeed(0L)
                .setEpochsCompleted(0).setDurationMs(0L).setWorkerId("w").setFinishedAtMs(T0)
                .build();
    }

    public static Control fullControl() {
        return Control.newBuilder()
                .setType(ControlType.STOP_RUN).setSweepId("sweep-0001").setRunId("sweep-0001-run-0199")
                .setReason("asha: val_accuracy 0.41 below rung-2 cutoff 0.78 at epoch 3").setEarlyTermination(true)
                .setIssuedAtMs(T0 + 5)
                .build();
    }

    public static Control minimalControl() {
        return Control.newBuilder().setType(ControlType.PAUSE_SWEEP).setIssuedAtMs(T0).build();
    }

    public static WorkerStatus fullWorkerStatus() {
        return WorkerStatus.newBuilder()
                .setWorkerId("trainer-host-a-7").setHost("host-a.example.org").setState(WorkerState.TRAINING)
                .setSweepId("sweep-0001").setRunId("sweep-0001-run-0199").setAttempt(3).setEpoch(4).setEpochs(10)
                .setProgress(0.37).setSamplesPerSecond(40_000.25).setHeartbeatAtMs(T0 + 10_000).setStartedAtMs(T0)
                .build();
    }

    public static WorkerStatus minimalWorkerStatus() {
        return WorkerStatus.newBuilder()
                .setWorkerId("w").setHost("h").setState(WorkerState.IDLE).setHeartbeatAtMs(T0).setStartedAtMs(T0)
                .build();
    }

    public static ControllerStatus fullControllerStatus() {
        return ControllerStatus.newBuilder()
                .setControllerId("controller-host-a.example.org-4242").setHost("host-a.example.org").setCaughtUp(true)
                .setIntervalMs(2_000).setHeartbeatAtMs(T0 + 10_000).setStartedAtMs(T0)
                .build();
    }

    /** A controller has no optional field: the minimal sample differs only in its values. */
    public static ControllerStatus minimalControllerStatus() {
        return ControllerStatus.newBuilder()
                .setControllerId("c").setHost("").setCaughtUp(false).setIntervalMs(1).setHeartbeatAtMs(T0).setStartedAtMs(T0)
                .build();
    }

    public static SweepSummary fullSweepSummary() {
        List<LeaderboardEntry> leaderboard = new ArrayList<>();
        for (int rank = 1; rank <= 50; rank++) {
            leaderboard.add(LeaderboardEntry.newBuilder()
                    .setRank(rank).setRunId(String.format("sweep-0001-run-%04d", rank))
                    .setMetricValue(0.90 - rank * 0.001).setValAccuracy(0.90 - rank * 0.001)
                    .setTestAccuracy(0.89 - rank * 0.001).setStatus(RunStatus.FINISHED)
                    .setHyperparameters(hyperparameters()).setEpochsCompleted(10)
                    .build());
        }
        List<ParameterBest> perValue = new ArrayList<>();
        for (String optimizer : List.of("sgd", "momentum", "nag", "rmsprop", "adam", "nadam")) {
            perValue.add(new ParameterBest("optimizer", optimizer, "sweep-0001-run-0001", 0.88));
        }
        return SweepSummary.newBuilder()
                .setSweepId("sweep-0001").setName("fashion-mnist bayes").setMetricName("val_accuracy")
                .setMetricGoal(MetricGoal.MAXIMIZE)
                .setCounts(new RunCounts(200, 8, 150, 5, 30, 4, 3, 11_664))
                .setLeaderboard(leaderboard).setBest(LeaderboardEntry.newBuilder(leaderboard.get(0)).build())
                .setBestConfusionMatrix(confusionMatrix()).setClassNames(CLASS_NAMES)
                .setBestPerParameterValue(perValue)
                .setImportance(List.of(
                        new ParameterImportance("learning_rate", 0.41, -0.32),
                        new ParameterImportance("optimizer", 0.22, null)))
                .setUpdatedAtMs(T0 + 7_200_000L).setStatus(SweepStatus.ACTIVE)
                .build();
    }

    public static SweepSummary minimalSweepSummary() {
        return SweepSummary.newBuilder()
                .setSweepId("sweep-0002").setName("").setMetricName("val_loss").setMetricGoal(MetricGoal.MINIMIZE)
                .setCounts(RunCounts.newBuilder().build()).setUpdatedAtMs(T0).setStatus(SweepStatus.PAUSED)
                .build();
    }

    public static DeadLetter fullDeadLetter() {
        return DeadLetter.newBuilder()
                .setTopic("runs.requested").setPartition(11).setOffset(Long.MAX_VALUE)
                .setKey(ByteBuffer.wrap("sweep-0001-run-0199".getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 0, 1, 2, 3, 4, 5, 6, 7, 42}))
                .setError(longError()).setExceptionClass("io.sweepstream.schemas.serde.UndecodableRecordException")
                .setFailedAtMs(T0).setConsumer("trainer/trainer-host-a-7")
                .build();
    }

    public static DeadLetter minimalDeadLetter() {
        return DeadLetter.newBuilder()
                .setTopic("runs.metrics").setPartition(0).setOffset(0L).setError("")
                .setExceptionClass("java.lang.RuntimeException").setFailedAtMs(T0).setConsumer("evaluator")
                .build();
    }

    /** A 10x10 confusion matrix, rows = true class, 1,000 test images per class. */
    public static List<List<Integer>> confusionMatrix() {
        List<List<Integer>> rows = new ArrayList<>();
        for (int truth = 0; truth < 10; truth++) {
            List<Integer> row = new ArrayList<>();
            for (int predicted = 0; predicted < 10; predicted++) {
                row.add(truth == predicted ? 910 : 10);
            }
            rows.add(row);
        }
        return rows;
    }

    /** About 10,000 characters, like an error with a stack trace (includes non-ASCII text). */
    public static String longError() {
        StringBuilder error = new StringBuilder("loss became NaN at epoch 7, batch 843 (lr=1.0e-1, β1=0.9)\n");
        int frame = 0;
        while (error.length() < 10_000) {
            error.append("\tat io.sweepstream.trainer.nn.Network.backward(Network.java:").append(frame++).append(")\n");
        }
        return error.toString();
    }

    private static String specYaml() {
        return """
                name: fashion-mnist bayes
                method: bayes
                metric: {name: val_accuracy, goal: maximize}
                dataset: fashion_mnist
                run_cap: 200
                parameters:
                  epochs: {values: [5, 10]}
                  learning_rate: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
                  optimizer: {values: [sgd, momentum, nag, rmsprop, adam, nadam]}
                """;
    }

    private static ParameterSpec values(String name, String... values) {
        return ParameterSpec.newBuilder().setName(name).setKind(ParameterKind.VALUES).setValues(List.of(values)).build();
    }

    private static ParameterSpec distribution(String name, String distribution, Double min, Double max,
            Double mu, Double sigma, Double q) {
        return ParameterSpec.newBuilder().setName(name).setKind(ParameterKind.DISTRIBUTION)
                .setDistribution(distribution).setMin(min).setMax(max).setMu(mu).setSigma(sigma).setQ(q)
                .build();
    }
}
