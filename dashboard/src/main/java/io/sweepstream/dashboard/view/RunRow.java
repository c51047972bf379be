package io.sweepstream.dashboard.view;

import java.util.List;

/**
 * One row of a sweep's runs table, as JSON.
 *
 * @param runId           the run
 * @param sweepId         its sweep
 * @param index           0-based position in the sweep, or -1 when its request is no longer on the topic
 * @param status          QUEUED, RUNNING, or how it ended (FINISHED, STOPPED, STOPPED_EARLY, DIVERGED, FAILED)
 * @param retrying        running, and the worker training it went silent: the run moves to another trainer
 * @param attempt         attempt of the latest metric or result (1 for the first try)
 * @param hyperparameters values in the order of {@code Hyperparameter.NAMES}, as a spec writes them; empty if unknown
 * @param metric          the sweep metric of the run's result; null until it has one
 * @param bestValAccuracy best validation accuracy: of the result, else of the epochs so far
 * @param testAccuracy    of the result; null if not evaluated
 * @param epochsDone      epochs completed by the current attempt
 * @param epochs          epochs planned
 * @param durationMs      training time of the result's attempt; null while running
 * @param worker          the worker of the latest metric or result
 * @param startedAtMs     when the current attempt started training (the result's end less its duration,
 *                        else its first epoch's end), else when it was requested
 * @param error           why it FAILED or DIVERGED; null otherwise
 */
public record RunRow(String runId, String sweepId, int index, String status, boolean retrying, int attempt,
                     List<String> hyperparameters, Double metric, Double bestValAccuracy, Double testAccuracy,
                     int epochsDone, int epochs, Long durationMs, String worker, Long startedAtMs, String error) {
}
