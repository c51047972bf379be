package io.sweepstream.trainer.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunCheckpoint;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.trainer.run.RunExecutor;
import io.sweepstream.trainer.worker.WorkerEvent;
import io.sweepstream.trainer.worker.WorkerListener;

/**
 * One run training on the worker's training thread: its request, attempt, cancel flag and progress.
 * The training thread writes the progress; the poll thread reads it for heartbeats.
 */
final class RunExecution implements RunExecutor.Progress {

    /** How long a redelivered run looks for its checkpoint before it trains from epoch 1. */
    static final Duration CHECKPOINT_LOOKUP = Duration.ofSeconds(15);

    private final RunRequest request;
    private final int attempt;
    private final ResultPublisher publisher;
    private final String workerId;
    private final WorkerListener listener;
    private final CheckpointStore checkpoints;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Future<RunResult> future;
    private volatile int epoch;
    private volatile double progress;
    private volatile double samplesPerSecond;

    RunExecution(RunRequest request, int attempt, String workerId, RunExecutor executor, ResultPublisher publisher,
                 CheckpointStore checkpoints, ExecutorService trainingThread, WorkerListener listener) {
        this.request = request;
        this.attempt = attempt;
        this.publisher = publisher;
        this.checkpoints = checkpoints;
        this.workerId = workerId;
        this.listener = listener;
        this.future = trainingThread.submit(() -> {
            // only a redelivered run can have one: a first delivery has never been trained
            RunCheckpoint from = attempt > 1 ? checkpoints.latest(request.getRunId(), CHECKPOINT_LOOKUP) : null;
            return executor.execute(request, attempt, workerId, from, this, cancelled::get);
        });
    }

    RunRequest request() {
        return request;
    }

    int attempt() {
        return attempt;
    }

    Future<RunResult> future() {
        return future;
    }

    /** Asks the run to stop between two batches; it then ends as STOPPED. */
    void cancel() {
        cancelled.set(true);
    }

    boolean isCancelled() {
        return cancelled.get();
    }

    int epoch() {
        return epoch;
    }

    double progress() {
        return progress;
    }

    double samplesPerSecond() {
        return samplesPerSecond;
    }

    @Override
    public void epoch(EpochMetric metric) {
        epoch = metric.getEpoch();
        samplesPerSecond = metric.getSamplesPerSecond();
        publisher.metric(metric);
        listener.on(new WorkerEvent.EpochEnded(workerId, metric.getRunId(), metric.getEpoch(), metric.getEpochs(),
                metric.getTrainLoss(), metric.getTrainAccuracy(), metric.getValLoss(), metric.getValAccuracy(), metric.getSamplesPerSecond()));
    }

    @Override
    public void checkpoint(RunCheckpoint checkpoint) {
        checkpoints.write(checkpoint);
    }

    @Override
    public void batch(int epoch, double runFraction, double samplesPerSecond) {
        this.epoch = epoch;
        this.progress = runFraction;
        if (samplesPerSecond > 0) {
            this.samplesPerSecond = samplesPerSecond;
        }
    }
}
