package io.sweepstream.dashboard.view;

import java.util.List;

import io.sweepstream.schemas.avro.EpochMetric;
import io.sweepstream.schemas.avro.RunRequest;

/** What the view knows of one run besides its result (kept in the view's {@code RunResultsByRun}). */
final class RunState {

    final String runId;
    final String sweepId;
    RunRequest request;
    /** Its hyperparameters as a spec writes them, in {@code Hyperparameter.NAMES} order; empty until known. */
    List<String> hyperparameters = List.of();
    /** Attempt the curve belongs to; a metric of a newer attempt starts the curve over. */
    int attempt;
    Curve curve;
    /** Latest epoch of the current attempt (the sweep metric of train_* reads it). */
    EpochMetric lastEpoch;
    long firstEpochAtMs;

    RunState(String runId, String sweepId) {
        this.runId = runId;
        this.sweepId = sweepId;
    }
}
