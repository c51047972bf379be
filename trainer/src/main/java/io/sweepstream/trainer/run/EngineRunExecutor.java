package io.sweepstream.trainer.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.sweepstream.schemas.avro.CheckpointEpoch;
import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunCheckpoint;
import io.sweepstream.schemas.avro.Hyperparameters;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;
import io.sweepstream.trainer.data.DatasetException;
import io.sweepstream.trainer.data.Split;
import io.sweepstream.trainer.data.LoadedDataset;
import io.sweepstream.trainer.nn.EpochMetrics;
import io.sweepstream.trainer.nn.Trainer;
import io.sweepstream.trainer.nn.TrainingCheckpoint;
import io.sweepstream.trainer.nn.TrainingConfig;
import io.sweepstream.trainer.nn.TrainingListener;
import io.sweepstream.trainer.nn.TrainingResult;
import io.sweepstream.trainer.nn.TrainingRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link RunRequest} with the engine on its dataset (split 90/10 with the run's seed)
 * and reports wire events. The dataset lookup is injected so tests can use small generated sets.
 */
public final class EngineRunExecutor implements RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(EngineRunExecutor.class);
    private static final String DEFAULT_DATASET = "fashion_mnist";

    private final Function<String, LoadedDataset> datasets;
    private final Trainer trainer;

    /** @param datasets loads a dataset by its name in the request ({@code fashion_mnist}, {@code mnist}) */
    public EngineRunExecutor(Function<String, LoadedDataset> datasets, Trainer trainer) {
        this.datasets = datasets;
        this.trainer = trainer;
    }

    /** Can the default dataset ({@code fashion_mnist}) be loaded? It is loaded once per JVM and kept. */
    @Override
    public String unavailableReason() {
        try {
            datasets.apply(DEFAULT_DATASET);
            return null;
        } catch (DatasetException e) {
            return e.getMessage();
        }
    }

    /** The backend the trainer multiplies with, and its threads. */
    @Override
    public String engine() {
        return trainer.describe();
    }

    @Override
    public RunResult execute(RunRequest request, int attempt, String workerId, Progress progress, BooleanSupplier cancelled) {
        return execute(request, attempt, workerId, null, progress, cancelled);
    }

    /**
     * Trains the run, from {@code resumeFrom} when it fits the request (same dataset, seed and configuration, same
     * network shape), else from the start with a warning. A resumed run first publishes its finished epochs'
     * metrics again under this attempt: readers (dashboard curves, early termination) start a retried attempt
     * afresh, so its history must be complete; then it trains the remaining epochs. Each epoch but the last
     * ends with a {@link Progress#checkpoint}.
     */
    @Override
    public RunResult execute(RunRequest request, int attempt, String workerId, RunCheckpoint resumeFrom, Progress progress,
                             BooleanSupplier cancelled) {
        long started = System.currentTimeMillis();
        TrainingConfig config = toConfig(request.getHyperparameters(), request.getSeed());
        LoadedDataset data = datasets.apply(request.getDataset());
        Split split = Split.stratified(data.train(), request.getSeed());
        int epochs = config.epochs();
        TrainingRun run = trainer.newRun(config, split.train(), split.validation(), data.test());
        TrainingCheckpoint from = usable(request, resumeFrom);
        if (from != null) {
            try {
                run.resume(from);
            } catch (IllegalArgumentException e) {
                // checked before anything changed: the run is as new
                log.warn("{}: its checkpoint does not fit this network ({}); training from epoch 1", request.getRunId(), e.getMessage());
                from = null;
            }
        }
        // who trained each epoch, and when it ended: carried in checkpoints so a resumed run republishes them as they were
        List<String> epochWorkers = new ArrayList<>();
        List<Long> epochEnds = new ArrayList<>();
        if (from != null) {
            log.info("{} resumes from epoch {} of {} (checkpoint of attempt {} by {})", request.getRunId(),
                    from.epoch() + 1, epochs, resumeFrom.getAttempt(), resumeFrom.getWorkerId());
            for (CheckpointEpoch e : resumeFrom.getHistory()) {
                epochWorkers.add(e.getWorkerId());
                epochEnds.add(e.getTimestampMs());
                progress.epoch(metric(request, attempt, e.getWorkerId(), epochs, from.history().get(e.getEpoch() - 1),
                        e.getTimestampMs()));
            }
        }
        TrainingListener listener = new TrainingListener() {
            @Override
            public Decision onEpoch(EpochMetrics m) {
                long now = System.currentTimeMillis();
                epochWorkers.add(workerId);
                epochEnds.add(now);
                progress.epoch(metric(request, attempt, workerId, epochs, m, now));
                return Decision.CONTINUE;
            }

            @Override
            public void onBatch(int epoch, int batch, int batches) {
                progress.batch(epoch, ((epoch - 1) + (double) batch / batches) / epochs, 0);
            }

            @Override
            public void onCheckpoint(TrainingCheckpoint checkpoint) {
                progress.checkpoint(RunCheckpoints.toWire(request, attempt, workerId, checkpoint, epochWorkers, epochEnds));
            }
        };
        TrainingResult result = run.run(listener, cancelled);
        long earlierMs = from == null ? 0 : resumeFrom.getElapsedMs();
        return toResult(request, attempt, workerId, result, earlierMs + System.currentTimeMillis() - started);
    }

    private static TrainingCheckpoint usable(RunRequest request, RunCheckpoint checkpoint) {
        if (checkpoint == null) {
            return null;
        }
        String mismatch = RunCheckpoints.mismatch(request, checkpoint);
        if (mismatch != null) {
            log.warn("{}: ignoring its checkpoint, {}; training from epoch 1", request.getRunId(), mismatch);
            return null;
        }
        try {
            return RunCheckpoints.fromWire(checkpoint);
        } catch (IllegalArgumentException e) {
            log.warn("{}: ignoring its unreadable checkpoint ({}); training from epoch 1", request.getRunId(), e.getMessage());
            return null;
        }
    }

    private static EpochMetric metric(RunRequest request, int attempt, String workerId, int epochs, EpochMetrics m, long timestampMs) {
        return EpochMetric.newBuilder()
                .setSweepId(request.getSweepId())
                .setRunId(request.getRunId())
                .setAttempt(attempt)
                .setEpoch(m.epoch())
                .setEpochs(epochs)
                .setTrainLoss(m.trainLoss())
                .setTrainAccuracy(m.trainAccuracy())
                .setValLoss(m.valLoss())
                .setValAccuracy(m.valAccuracy())
                .setSamplesPerSecond(m.samplesPerSecond())
                .setWorkerId(workerId)
                .setTimestampMs(timestampMs)
                .build();
    }

    /** The engine's configuration for a wire {@link Hyperparameters}; the kinds map through {@link EngineKinds}. */
    public static TrainingConfig toConfig(Hyperparameters h, long seed) {
        return new TrainingConfig(h.getEpochs(), h.getBatchSize(),
                EngineKinds.engine(h.getLoss()), EngineKinds.engine(h.getOptimizer()),
                h.getLearningRate(), h.getMomentum(), h.getBeta(), h.getBeta1(), h.getBeta2(), h.getEpsilon(),
                h.getWeightDecay(), EngineKinds.engine(h.getWeightInit()), h.getNumLayers(), h.getHiddenSize(),
                EngineKinds.engine(h.getActivation()), seed);
    }

    static RunResult toResult(RunRequest request, int attempt, String workerId, TrainingResult r, long durationMs) {
        List<EpochMetrics> epochs = r.epochs();
        boolean anyEpoch = !epochs.isEmpty();
        RunStatus status = switch (r.status()) {
            case FINISHED -> RunStatus.FINISHED;
            case STOPPED -> RunStatus.STOPPED;
            case DIVERGED -> RunStatus.DIVERGED;
        };
        return RunResults.base(request, attempt, workerId, status)
                .setBestValAccuracy(anyEpoch ? r.bestValAccuracy() : null)
                .setBestEpoch(anyEpoch ? r.bestEpoch() : null)
                .setFinalValLoss(anyEpoch ? epochs.get(epochs.size() - 1).valLoss() : null)
                .setTestAccuracy(finiteOrNull(r.testAccuracy()))
                .setTestLoss(finiteOrNull(r.testLoss()))
                .setConfusionMatrix(matrix(r.confusionMatrix()))
                .setClassNames(r.classNames())
                .setEpochsCompleted(r.epochsCompleted())
                .setDurationMs(durationMs)
                .setError(r.status() == io.sweepstream.trainer.nn.RunOutcome.DIVERGED
                        ? "loss became NaN or infinite at epoch " + r.divergedAtEpoch() + ", batch " + r.divergedAtBatch() : null)
                .setDivergedAtEpoch(r.status() == io.sweepstream.trainer.nn.RunOutcome.DIVERGED ? r.divergedAtEpoch() : null)
                .setDivergedAtBatch(r.status() == io.sweepstream.trainer.nn.RunOutcome.DIVERGED ? r.divergedAtBatch() : null)
                .setFinishedAtMs(System.currentTimeMillis())
                .build();
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<List<Integer>> matrix(int[][] m) {
        List<List<Integer>> rows = new ArrayList<>(m.length);
        for (int[] row : m) {
            List<Integer> r = new ArrayList<>(row.length);
            for (int v : row) {
                r.add(v);
            }
            rows.add(r);
        }
        return rows;
    }
}
