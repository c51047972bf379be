package io.sweepstream.trainer.kafka;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.trainer.run.RunExecutor;

/**
 * One run training on the worker's training thread: its request, attempt, cancel flag and progress.
 * The training thread writes the progress; the poll thread reads it for heartbeats.
 */
final class RunExecution implements RunExecutor.Progress {

    private final RunRequest request;
    private final int attempt;
    private final ResultPublisher publisher;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Future<RunResult> future;
    private volatile int epoch;
    private volatile double progress;
    private volatile double samplesPerSecond;

    RunExecution(RunRequest request, int attempt, String workerId, RunExecutor executor, ResultPublisher publisher,
                 ExecutorService trainingThread) {
        this.request = request;
        this.attempt = attempt;
        this.publisher = publisher;
        this.future = trainingThread.submit(() -> executor.execute(request, attempt, workerId, this, cancelled::get));
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
