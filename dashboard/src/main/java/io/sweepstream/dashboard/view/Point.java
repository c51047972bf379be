package io.sweepstream.dashboard.view;

/** One new epoch of one run, pushed to open pages so their curves grow without a reload. */
public record Point(String runId, String sweepId, int attempt, int epoch, Double trainLoss, Double trainAccuracy,
                   Double valLoss, Double valAccuracy) {
}
