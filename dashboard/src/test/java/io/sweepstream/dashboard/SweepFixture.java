package io.sweepstream.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sweepstream.schemas.Hyperparameter;
import io.sweepstream.schemas.SampleEvents;
import io.sweepstream.schemas.avro.ActivationKind;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.InitKind;
import io.sweepstream.schemas.avro.LeaderboardEntry;
import io.sweepstream.schemas.avro.LossKind;
import io.sweepstream.schemas.avro.MetricGoal;
import io.sweepstream.schemas.avro.OptimizerKind;
import io.sweepstream.schemas.avro.ParameterBest;
import io.sweepstream.schemas.avro.ParameterKind;
import io.sweepstream.schemas.avro.ParameterSpec;
import io.sweepstream.schemas.avro.RunCounts;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.schemas.avro.SearchMethod;
import io.sweepstream.schemas.avro.SweepDefinition;
import io.sweepstream.schemas.avro.SweepStatus;
import io.sweepstream.schemas.avro.ParameterImportance;
import io.sweepstream.schemas.avro.SweepSummary;
import io.sweepstream.schemas.avro.WorkerState;
import io.sweepstream.schemas.avro.WorkerStatus;
import io.sweepstream.schemas.serde.AvroClassTrust;

/**
 * The events of one made-up sweep, deterministic: run {@code i} has its own configuration (optimizer,
 * learning rate, loss, hidden size cycle), curves that rise with the epoch, and a result whose
 * validation accuracy and confusion matrix differ from every other run's. The summary is built the
 * evaluator's way: ranked by validation accuracy, best first.
 */
public record SweepFixture(String sweepId, String name, int runs, int epochs, long t0) {

    static {
        AvroClassTrust.install(); // copies made with newBuilder(other) go through Avro's class check
    }

    public static SweepFixture of(String sweepId, String name, int runs, int epochs) {
        return new SweepFixture(sweepId, name, runs, epochs, SampleEvents.T0);
    }

    public SweepDefinition definition() {
        return SweepDefinition.newBuilder()
                .setSweepId(sweepId).setName(name).setSpecYaml("name: " + name + "\n").setMethod(SearchMethod.GRID)
                .setMetricName("val_accuracy").setMetricGoal(MetricGoal.MAXIMIZE).setDataset("fashion_mnist").setSeed(7L)
                .setParameters(List.of(
                        values("optimizer", "adam", "sgd"),
                        values("learning_rate", "0.01", "0.001"),
                        values("loss", "cross_entropy", "mean_squared_error"),
                        values("hidden_size", "32", "64", "128"),
                        ParameterSpec.newBuilder().setName("epochs").setKind(ParameterKind.VALUE).setValues(List.of(Integer.toString(epochs))).build()))
                .setTotalRuns(runs).setStatus(SweepStatus.ACTIVE).setCreatedAtMs(t0)
                .build();
    }

    public String runId(int i) {
        return String.format("%s-run-%04d", sweepId, i);
    }

    public Hyperparameters hyperparameters(int i) {
        return Hyperparameters.newBuilder()
                .setEpochs(epochs).setBatchSize(64)
                .setLoss(i % 3 == 0 ? LossKind.MEAN_SQUARED_ERROR : LossKind.CROSS_ENTROPY)
                .setOptimizer(i % 2 == 0 ? OptimizerKind.ADAM : OptimizerKind.SGD)
                .setLearningRate(i % 4 < 2 ? 0.01 : 0.001)
                .setWeightInit(InitKind.XAVIER).setNumLayers(2).setHiddenSize(List.of(32, 64, 128).get(i % 3))
                .setActivation(ActivationKind.RELU)
                .build();
    }

    public RunRequest request(int i) {
        return RunRequest.newBuilder()
                .setSweepId(sweepId).setRunId(runId(i)).setDataset("fashion_mnist").setHyperparameters(hyperparameters(i))
                .setSeed(1000L + i).setRunIndex(i).setAttempt(1).setRequestedAtMs(t0 + i)
                .build();
    }

    /**
     * Validation accuracy of run {@code i} at its last epoch: better with adam, the smaller learning rate,
     * cross-entropy and wider layers, plus a spread that differs for every run.
     */
    public double finalValAccuracy(int i) {
        Hyperparameters h = hyperparameters(i);
        double v = 0.78;
        v += h.getOptimizer() == OptimizerKind.ADAM ? 0.04 : 0;
        v += h.getLearningRate() < 0.005 ? 0.02 : 0;
        v += h.getLoss() == LossKind.CROSS_ENTROPY ? 0.03 : 0;
        v += 0.01 * List.of(32, 64, 128).indexOf(h.getHiddenSize());
        return v + 0.04 * ((i * 7919L) % runs) / Math.max(1, runs);
    }

    public EpochMetric metric(int i, int epoch, int attempt, String worker) {
        double val = finalValAccuracy(i) * (0.7 + 0.3 * epoch / epochs);
        return EpochMetric.newBuilder()
                .setSweepId(sweepId).setRunId(runId(i)).setAttempt(attempt).setEpoch(epoch).setEpochs(epochs)
                .setTrainLoss(2.0 / (epoch + 1)).setTrainAccuracy(Math.min(1, val + 0.02)).setValLoss(2.2 / (epoch + 1))
                .setValAccuracy(val).setSamplesPerSecond(40_000).setWorkerId(worker)
                .setTimestampMs(runStartMs(i) + epoch * 1000L)
                .build();
    }

    public long runStartMs(int i) {
        return t0 + 1000L * i;
    }

    public RunResult result(int i, String worker) {
        return RunResult.newBuilder()
                .setSweepId(sweepId).setRunId(runId(i)).setAttempt(1).setStatus(RunStatus.FINISHED)
                .setHyperparameters(hyperparameters(i)).setDataset("fashion_mnist").setSeed(1000L + i)
                .setBestValAccuracy(finalValAccuracy(i)).setBestEpoch(epochs).setFinalValLoss(2.2 / (epochs + 1))
                .setTestAccuracy(finalValAccuracy(i) - 0.01).setTestLoss(0.4)
                .setConfusionMatrix(confusionMatrix(i)).setClassNames(SampleEvents.CLASS_NAMES)
                .setEpochsCompleted(epochs).setDurationMs(epochs * 1000L).setWorkerId(worker)
                .setFinishedAtMs(runStartMs(i) + epochs * 1000L)
                .build();
    }

    /** Run {@code i}'s test confusion matrix: every cell differs from its neighbours and from other runs'. */
    public static List<List<Integer>> confusionMatrix(int i) {
        List<List<Integer>> rows = new ArrayList<>();
        for (int truth = 0; truth < 10; truth++) {
            List<Integer> row = new ArrayList<>();
            for (int predicted = 0; predicted < 10; predicted++) {
                row.add(truth == predicted ? 800 + truth * 10 + i % 7 : (truth * 10 + predicted + i) % 23);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The importance every summary of this fixture carries (the evaluator's own computation is tested in its module). */
    public static final List<ParameterImportance> IMPORTANCE = List.of(
            new ParameterImportance("learning_rate", 0.6, -0.5),
            new ParameterImportance("optimizer", 0.3, 0.42),
            new ParameterImportance("hidden_size", 0.1, null));

    /** The evaluator's summary of these results: ranked by validation accuracy, top {@code top}. */
    public SweepSummary summary(List<RunResult> results, int top) {
        List<RunResult> ranked = new ArrayList<>(results);
        ranked.sort(Comparator.comparingDouble((RunResult r) -> r.getBestValAccuracy()).reversed().thenComparing(RunResult::getRunId));
        List<LeaderboardEntry> board = new ArrayList<>();
        for (int k = 0; k < Math.min(top, ranked.size()); k++) {
            RunResult r = ranked.get(k);
            board.add(LeaderboardEntry.newBuilder().setRank(k + 1).setRunId(r.getRunId()).setMetricValue(r.getBestValAccuracy())
                    .setValAccuracy(r.getBestValAccuracy()).setTestAccuracy(r.getTestAccuracy()).setStatus(r.getStatus())
                    .setHyperparameters(r.getHyperparameters()).setEpochsCompleted(r.getEpochsCompleted()).build());
        }
        List<ParameterBest> perValue = new ArrayList<>();
        for (String parameter : List.of("optimizer", "learning_rate", "loss", "hidden_size")) {
            Map<String, RunResult> best = new LinkedHashMap<>();
            for (RunResult r : ranked) {
                best.putIfAbsent(Hyperparameter.text(r.getHyperparameters(), parameter), r);
            }
            best.forEach((value, r) -> perValue.add(new ParameterBest(parameter, value, r.getRunId(), r.getBestValAccuracy())));
        }
        RunResult best = ranked.isEmpty() ? null : ranked.get(0);
        return SweepSummary.newBuilder()
                .setSweepId(sweepId).setName(name).setMetricName("val_accuracy").setMetricGoal(MetricGoal.MAXIMIZE)
                .setCounts(RunCounts.newBuilder().setRequested(runs).setFinished(results.size()).build())
                .setLeaderboard(board).setBest(board.isEmpty() ? null : board.get(0))
                .setBestConfusionMatrix(best == null ? null : best.getConfusionMatrix())
                .setClassNames(best == null ? List.of() : best.getClassNames())
                .setBestPerParameterValue(perValue)
                .setImportance(IMPORTANCE)
                .setUpdatedAtMs(t0 + 1000L * runs + epochs * 1000L)
                .setStatus(results.size() >= runs ? SweepStatus.FINISHED : SweepStatus.ACTIVE)
                .build();
    }

    public static WorkerStatus worker(String workerId, WorkerState state, String sweepId, String runId, int epoch, int epochs, long heartbeatAtMs) {
        return WorkerStatus.newBuilder()
                .setWorkerId(workerId).setHost("host-1").setState(state)
                .setSweepId(sweepId).setRunId(runId).setAttempt(runId == null ? null : 1)
                .setEpoch(runId == null ? null : epoch).setEpochs(runId == null ? null : epochs)
                .setProgress(runId == null ? 0 : (double) epoch / epochs).setSamplesPerSecond(runId == null ? null : 40_000.0)
                .setHeartbeatAtMs(heartbeatAtMs).setStartedAtMs(heartbeatAtMs - 60_000)
                .build();
    }

    private static ParameterSpec values(String name, String... values) {
        return ParameterSpec.newBuilder().setName(name).setKind(ParameterKind.VALUES).setValues(List.of(values)).build();
    }
}
