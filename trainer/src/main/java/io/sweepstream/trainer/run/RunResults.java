package io.sweepstream.trainer.run;

import java.util.List;

import io.sweepstream.schemas.avro.RunRequest;
import io.sweepstream.schemas.avro.RunResult;
import io.sweepstream.schemas.avro.RunStatus;

/** Results for runs that did not train to an end of their own. */
public final class RunResults {

    private RunResults() {
    }

    /** The executor threw: a bug, a missing dataset, a network too large for the heap. The run ends FAILED with the reason. */
    public static RunResult failed(RunRequest request, int attempt, String workerId, Throwable error) {
        return base(request, attempt, workerId, RunStatus.FAILED)
                .setError(reason(error))
                .build();
    }

    static String reason(Throwable error) {
        if (error instanceof OutOfMemoryError) {
            // The run's buffers are unreachable once it ends, so the worker goes on; the user needs the remedy.
            return "out of memory: this network and its optimizer state need more than the trainer's heap of "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB; start trainers with a larger one, "
                    + "e.g. SWEEP_JAVA_OPTS=-Xmx2g (" + error.getMessage() + ")";
        }
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    /** The run ends FAILED for a reason of the pipeline's, not of its training. */
    public static RunResult failed(RunRequest request, int attempt, String workerId, String reason) {
        return base(request, attempt, workerId, RunStatus.FAILED)
                .setError(reason)
                .build();
    }

    /** The sweep was cancelled or the run stopped before any worker started it. */
    public static RunResult stoppedBeforeStart(RunRequest request, int attempt, String workerId, String reason) {
        return base(request, attempt, workerId, RunStatus.STOPPED)
                .setError(reason)
                .build();
    }

    /**
     * A stopped run's result as early termination's: STOPPED_EARLY, with what it trained so far (epochs,
     * best validation accuracy) and the evaluator's reason in {@code error}.
     */
    public static RunResult stoppedEarly(RunResult stopped, String reason) {
        if (stopped.getStatus() != RunStatus.STOPPED) {
            throw new IllegalArgumentException("only a STOPPED run ends STOPPED_EARLY, found " + stopped.getStatus());
        }
        return RunResult.newBuilder(stopped).setStatus(RunStatus.STOPPED_EARLY).setError(reason).build();
    }

    /** A result of {@code request} with nothing trained yet; callers set what their run produced. */
    static RunResult.Builder base(RunRequest request, int attempt, String workerId, RunStatus status) {
        return RunResult.newBuilder()
                .setSweepId(request.getSweepId())
                .setRunId(request.getRunId())
                .setAttempt(attempt)
                .setStatus(status)
                .setHyperparameters(request.getHyperparameters())
                .setDataset(request.getDataset())
                .setSeed(request.getSeed())
                .setClassNames(List.of())
                .setEpochsCompleted(0)
                .setDurationMs(0)
                .setWorkerId(workerId)
                .setFinishedAtMs(System.currentTimeMillis());
    }
}
